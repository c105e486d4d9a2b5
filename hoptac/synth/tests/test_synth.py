"""The synthetic registry: deterministic, valid by the services' own rules, skewed and scoped."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, AgreementParty, Commitment
from hoptac.exchange.export import export_registry
from hoptac.exchange.load import import_registry
from hoptac.figures.models import Figure
from hoptac.people.models import Person
from hoptac.sources.models import Source
from hoptac.synth.build import build
from hoptac.synth.plan import Scale

pytestmark = pytest.mark.django_db


def _wipe() -> None:
    for model in (Figure, Activity, Agreement, Source, Person):
        model.objects.all().delete()


def test_same_seed_gives_the_same_export() -> None:
    build("tiny", seed=7)
    first = export_registry()
    _wipe()
    build("tiny", seed=7)
    assert export_registry() == first
    _wipe()
    build("tiny", seed=8)
    assert export_registry()["activities"] != first["activities"]


def test_counts_are_those_of_the_scale() -> None:
    result = build("tiny", seed=1)
    assert result.counts["agreements_agreement"] == 6
    assert result.counts["agreements_commitment"] == 20
    assert result.counts["activities_activity"] == Activity.objects.count() == 60
    assert result.counts["figures_figure"] == Figure.objects.count() == 80
    assert result.counts["sources_source"] == Source.objects.count() == 12
    assert result.rows == sum(result.counts.values())


def test_every_record_passes_the_services_validation() -> None:
    """Export the synthetic registry and load it again through the services, which check every rule."""
    build("tiny", seed=11)
    exported = export_registry()
    _wipe()
    import_registry(exported)
    assert export_registry() == exported


def test_records_are_consistent() -> None:
    build("tiny", seed=2)
    for commitment in Commitment.objects.select_related("agreement"):
        parties = set(commitment.agreement.parties.values_list("place_id", flat=True))
        assert {commitment.giver_id, commitment.receiver_id} <= parties
        assert commitment.giver_id != commitment.receiver_id
    for activity in Activity.objects.all():
        if activity.end_date is not None:
            assert activity.date.earliest() <= activity.end_date.latest()  # type: ignore[union-attr]
        assert activity.status != "held" or activity.date is not None
        assert activity.direction == "" or activity.kind == "visit"
    precisions = Counter(a.date.precision for a in Activity.objects.all())  # type: ignore[union-attr]
    assert precisions["day"] > 0 and precisions["day"] < sum(precisions.values())
    for source in Source.objects.prefetch_related("provenance"):
        for link in source.provenance.all():
            assert source.text[link.start : link.end] == link.quote


def test_every_place_knows_its_latest_activity_date() -> None:
    from django.db.models import Q

    from hoptac.places.models import Place

    build("tiny", seed=3)
    for code, until in Place.objects.values_list("code", "activities_until"):
        named = Activity.objects.filter(Q(place=code) | Q(parties=code)).exclude(date=None)
        latest = named.order_by("-date").values_list("date", flat=True).first()
        assert until == (latest.isoformat() if latest else ""), code


def test_one_province_uses_only_that_province_and_its_predecessors() -> None:
    build("tiny", seed=4, province="VN-29")
    codes = set(AgreementParty.objects.filter(place__country_code="VN").values_list("place_id", flat=True))
    assert codes and codes <= {"VN-28", "VN-29"}


def test_activity_is_skewed_towards_a_few_partners() -> None:
    build(Scale("skew", 40, 50, 3_000, 100, 10, 30, 2, 1, False), seed=5)
    per_partner = Counter(
        code
        for code in Activity.parties.through.objects.exclude(place__country_code="VN").values_list(
            "place_id", flat=True
        )
    )
    ranked = [n for _, n in per_partner.most_common()]
    top = ranked[: max(1, len(ranked) // 10)]
    assert sum(top) > 0.3 * sum(ranked), ranked


def test_refuses_a_registry_that_is_not_empty(agreement: Agreement) -> None:
    with pytest.raises(ValidationError, match="empty registry"):
        build("tiny", seed=1)
    assert Activity.objects.count() == 0


def test_unknown_province_is_refused() -> None:
    with pytest.raises(ValidationError, match="current Vietnamese units"):
        build("tiny", seed=1, province="VN-28")
