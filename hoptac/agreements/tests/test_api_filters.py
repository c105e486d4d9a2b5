"""The shared filtersets (used by the API and the web pages) on the demo data."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from hoptac.activities.filtersets import ActivityFilterSet
from hoptac.activities.models import Activity
from hoptac.agreements.filtersets import AgreementFilterSet, CommitmentFilterSet, with_status
from hoptac.agreements.models import Agreement, Commitment
from hoptac.agreements.services import agreement_status
from hoptac.exchange import DEMO_FILE
from hoptac.exchange.load import import_registry
from hoptac.figures.filtersets import FigureFilterSet
from hoptac.figures.models import Figure
from hoptac.people.filtersets import PersonFilterSet
from hoptac.people.models import Person
from hoptac.places.filtersets import PlaceFilterSet
from hoptac.places.models import Place
from hoptac.sources.filtersets import SourceFilterSet
from hoptac.sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: Any) -> None:
    import_registry(json.loads(DEMO_FILE.read_text()))


def titles(filterset: Any) -> list[str]:
    assert filterset.is_valid(), filterset.errors
    return sorted(str(r) for r in filterset.qs)


def agreements(**params: Any) -> list[str]:
    return titles(AgreementFilterSet(params, queryset=Agreement.objects.all()))


def test_agreement_search_ignores_diacritics_and_case(demo: None) -> None:
    found = agreements(q="se kong")
    assert len(found) == 2 and all("Sê Kông" in t for t in found)
    assert agreements(q="SÊ KÔNG") == found
    # A party's name (here its alias) finds the agreement although the title says it differently.
    assert len(agreements(q="thua thien hue")) == 1
    assert agreements(q="no such words") == []


def test_agreement_country_partner_field_kind(demo: None) -> None:
    assert len(agreements(country="kh")) == 1
    assert len(agreements(partner="la-ch")) == 3
    assert len(agreements(partner="VN-26")) == 1
    assert len(agreements()) == 7
    assert all("Sê Kông" in t for t in agreements(partner="LA-XE"))
    by_field = agreements(field="economy")
    assert 0 < len(by_field) <= 7
    assert not AgreementFilterSet({"field": "astrology"}, queryset=Agreement.objects.all()).is_valid()


def test_agreement_year_overlaps_period_or_signing(demo: None) -> None:
    assert agreements(year=2016) == [
        "Bản ghi nhớ hợp tác giữa UBND tỉnh Kon Tum và Chính quyền tỉnh Champasak (2016)"
    ]
    in_2025 = agreements(year=2025)
    assert any("2023-2027" in t for t in in_2025)
    # Without an end date an agreement counts as running; one whose period ended does not.
    assert any("(2016)" in t for t in in_2025)
    assert all("2022-2026" not in t for t in agreements(year=2027))
    assert len(agreements(year=2027)) == len(agreements(year=2025)) - 1
    assert agreements(year=1990) == []


def test_agreement_status_filter_matches_agreement_status(demo: None) -> None:
    everything = Agreement.objects.all()
    for status in ("in_force", "superseded", "expired", "draft"):
        expected = sorted(str(a) for a in everything if agreement_status(a) == status)
        assert agreements(status=[status]) == expected
    superseded = agreements(status=["superseded"])
    assert len(superseded) == 2 and all("(201" in t for t in superseded)
    on = dt.date(2020, 1, 1)
    assert {str(a) for a in with_status(everything, ["in_force"], on)} == {
        str(a) for a in everything if agreement_status(a, on) == "in_force"
    }


def test_commitment_filters(demo: None) -> None:
    everything = Commitment.objects.all()
    total = everything.count()
    assert total > 0
    first = everything.first()
    assert first is not None
    by_agreement = CommitmentFilterSet({"agreement": str(first.agreement.uid)}, queryset=everything)
    assert first in by_agreement.qs
    giver = CommitmentFilterSet({"giver": first.giver_id.lower()}, queryset=everything).qs
    assert first in giver and all(c.giver_id == first.giver_id for c in giver)
    either = CommitmentFilterSet({"place": first.receiver_id}, queryset=everything).qs
    assert first in either
    assert CommitmentFilterSet({"year": 1990}, queryset=everything).qs.count() == 0


def test_activity_filters(demo: None) -> None:
    everything = Activity.objects.all()

    def found(**params: Any) -> list[str]:
        return titles(ActivityFilterSet(params, queryset=everything))

    review = found(date_from="2024-12-12", date_to="2024-12-12")
    assert len(review) == 1 and "sơ kết" in review[0]
    assert found(kind="review_conference", status="planned") != []
    assert "sơ kết" in found(year=2024)[0]
    # A planned activity known only to the year (2027) meets any day of that year.
    assert any("tổng kết" in t for t in found(date_from="2027-06-01", date_to="2027-06-30"))
    assert all("tổng kết" not in t for t in found(date_to="2026-12-31"))
    xe = Agreement.objects.filter(folded__contains="se kong").order_by("signed_on").last()
    assert xe is not None
    assert len(found(agreement=str(xe.uid))) >= 2
    assert len(found(party="la-at")) >= 1
    assert found(q="SO KET") == review


def test_figure_filters(demo: None) -> None:
    everything = Figure.objects.all()
    trade = FigureFilterSet({"metric": "trade_turnover"}, queryset=everything)
    assert trade.is_valid() and trade.qs.count() >= 1
    assert all(f.unit == "USD" for f in FigureFilterSet({"unit": "USD"}, queryset=everything).qs)
    in_scope = FigureFilterSet({"scope": "vn-28"}, queryset=everything).qs
    assert in_scope.count() == len({f.pk for f in in_scope})  # no duplicates from the join
    assert FigureFilterSet({"year": 1990}, queryset=everything).qs.count() == 0


def test_person_source_place_filters(demo: None) -> None:
    people = PersonFilterSet({"q": "y ngoc"}, queryset=Person.objects.all()).qs
    assert [p.name for p in people] == ["Y Ngọc"]
    sources = Source.objects.all()
    assert SourceFilterSet({"q": "kon tum"}, queryset=sources).qs.count() >= 1
    assert SourceFilterSet({"q": "zzzz"}, queryset=sources).qs.count() == 0
    places = Place.objects.all()
    assert list(PlaceFilterSet({"q": "se kong"}, queryset=places).qs.values_list("code", flat=True)) == [
        "LA-XE"
    ]
    assert "LA-XE" in PlaceFilterSet({"q": "Xekong"}, queryset=places).qs.values_list("code", flat=True)
    provinces = PlaceFilterSet({"country": "la", "level": "1"}, queryset=places).qs
    assert provinces.count() >= 17 and all(p.country_code == "LA" and p.level == 1 for p in provinces)
