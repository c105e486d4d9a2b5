"""An agreement's page stays bounded: the first commitments drawn, the rest counted and listed on pages."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoptac.web.tests.conftest import agreement_uid

pytestmark = pytest.mark.django_db

SEKONG = "Sê Kông giai đoạn 2022-2027"
# Session, user, savepoints, the agreement and its parts, the signatories' titles, reviews, activities, figures,
# sources, commitments (first ones, their deliveries, count, behind), history (versions, fields, places), and the
# header's count of unread notifications. The figures are three: their ids in page order (a union of the
# agreement's own and those of its activities, which also counts them), the first rows, their scope.
PAGE_QUERIES = 27


def _commitments(agreement: Any, n: int, *, first: int = 0) -> list[Any]:
    """n commitments of 10 scholarships, 2024–2027, numbered from `first` (one delivery on every other)."""
    from hoptac.agreements.commitments import create_commitment, record_delivery

    made = []
    for i in range(first, first + n):
        c = create_commitment(
            agreement,
            {
                "giver": "VN-28",
                "receiver": "LA-XE",
                "quantity": "10",
                "unit": "scholarship",
                "period_start": f"{2024 + i % 3}",
                "period_end": "2027",
                "description": f"Cam kết thử số {i:03d}",
            },
        )
        if i % 2:
            record_delivery(c, {"date": "2025-06-01", "quantity": "8", "evidence": f"Biên bản {i:03d}"})
        made.append(c)
    return made


def _activities(agreement: Any, n: int, *, first: int = 0) -> None:
    """n activities of the agreement, every third a review conference (held reviews link to them)."""
    from hoptac.activities.services import create_activity

    for i in range(first, first + n):
        create_activity(
            {
                "kind": "review_conference" if i % 3 == 0 else "visit",
                "status": "held",
                "title": f"Hoạt động thử số {i:03d}",
                "date": f"{2022 + i % 5}-{1 + i % 12:02d}-15",
                "parties": ["VN-28", "LA-XE"],
                "agreements": [str(agreement.uid)],
            }
        )


def _edits(agreement: Any, n: int) -> None:
    """n saved versions changing a title, the fields of cooperation and the place of signing."""
    from hoptac.agreements.models import Agreement
    from hoptac.agreements.services import update_agreement

    for i in range(n):
        fresh = Agreement.objects.get(pk=agreement.pk)
        update_agreement(
            fresh,
            {
                "title": f"{fresh.title} ({i})",
                "fields": ["health"] if i % 2 else ["education_training", "tourism"],
                "signed_place": "LA-XE" if i % 2 else "VN-28",
            },
        )


def _queries(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_agreement_page_queries_do_not_grow(admin_client: Any, demo: None) -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.agreements.services import update_agreement

    agreement = Agreement.objects.get(uid=agreement_uid(SEKONG))
    update_agreement(agreement, {"review_every_years": 1})  # so held reviews are looked up and linked
    _commitments(agreement, 2)
    _activities(agreement, 4)
    _edits(agreement, 2)
    few, page = _queries(admin_client, f"/agreements/{agreement.uid}/")
    assert "Cam kết thử số 001" in page and "Biên bản 001" in page
    _commitments(agreement, 40, first=2)
    _activities(agreement, 20, first=4)
    _edits(agreement, 8)
    many, page = _queries(admin_client, f"/agreements/{agreement.uid}/")
    assert "Hoạt động thử số 023" in page and "Cam kết thử số 018" in page
    reviews = page[page.index('id="h-reviews"') : page.index('id="h-activities"')]
    assert reviews.count('href="/activities/') >= 4  # held reviews link to their conferences
    assert many == few, f"{few} queries with a few records, {many} with many"
    # Pinned, so a query added to any section shows up here.
    assert few == PAGE_QUERIES


def test_page_shows_the_first_commitments_and_counts_all(admin_client: Any, demo: None) -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.web import commitment_lists

    agreement = Agreement.objects.get(uid=agreement_uid(SEKONG))
    before = agreement.commitments.count()
    _commitments(agreement, 30 - before)
    html = admin_client.get(f"/agreements/{agreement.uid}/").content.decode()
    section = html[html.index('id="h-commitments"') : html.index('id="h-reviews"')]
    assert section.count('<li id="commitment-') == commitment_lists.AGREEMENT_PAGE_COMMITMENTS == 25
    assert "25 mục đầu trong 30" in section and "30 cam kết" in section
    assert f'href="/agreements/{agreement.uid}/commitments/"' in section


def test_behind_count_is_the_rule_over_every_commitment(admin_user: Any, demo: None) -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.web import commitment_lists, queries

    agreement = Agreement.objects.get(uid=agreement_uid(SEKONG))
    _commitments(agreement, 40)
    section = commitment_lists.agreement_section(admin_user, agreement)
    every = queries.commitment_states(
        queries.commitments_queryset(admin_user).filter(agreement=agreement).order_by("id")
    )
    behind = [s.commitment.id for s in every if s.behind]
    assert 0 < len(behind) < len(every)
    assert section.behind == len(behind) and section.total == len(every) == agreement.commitments.count()
    assert sorted(commitment_lists.behind_ids(admin_user, agreement)) == behind
    # The drawn totals (from the deliveries read for the page) are the SQL sums.
    sums = {s.commitment.id: s.commitment.delivered_total for s in every}
    assert all(s.commitment.delivered_total == sums[s.commitment.id] for s in section.states)
    assert any(s.commitment.delivered_total == Decimal(8) for s in section.states)


def _listed(client: Any, url: str) -> list[str]:
    """The commitments a list shows, following its pages."""
    seen: list[str] = []
    next_url: str | None = url
    while next_url:
        html = client.get(next_url).content.decode()
        seen += re.findall(r'<li id="commitment-([0-9a-f-]{36})"', html)
        found = re.search(r'rel="next" href="([^"]+)"', html)
        next_url = url.split("?")[0] + found.group(1).replace("&amp;", "&") if found else None
    return seen


def test_the_full_list_pages_through_every_commitment_in_order(
    admin_client: Any, admin_user: Any, demo: None, monkeypatch: Any
) -> None:
    from django.db.models import F

    from hoptac.agreements.models import Agreement
    from hoptac.web import commitment_lists

    agreement = Agreement.objects.get(uid=agreement_uid(SEKONG))
    _commitments(agreement, 30)
    monkeypatch.setattr(commitment_lists, "COMMITMENTS_PER_PAGE", 7)
    url = f"/agreements/{agreement.uid}/commitments/"
    order = agreement.commitments.order_by(F("period_start").asc(nulls_last=True), "id")
    assert _listed(admin_client, url) == [str(u) for u in order.values_list("uid", flat=True)]
    behind = set(commitment_lists.behind_ids(admin_user, agreement))
    expected = [str(c.uid) for c in order if c.id in behind]
    assert expected and _listed(admin_client, url + "?behind=1") == expected
    first = admin_client.get(url).content.decode()
    assert f"{agreement.commitments.count()} cam kết" in first and "?behind=1" in first


def test_a_commitments_address_leads_to_where_it_is_drawn(
    admin_client: Any, admin_user: Any, demo: None, monkeypatch: Any
) -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.web import commitment_lists

    agreement = Agreement.objects.get(uid=agreement_uid(SEKONG))
    _commitments(agreement, 30)
    monkeypatch.setattr(commitment_lists, "COMMITMENTS_PER_PAGE", 10)
    order = list(commitment_lists.of_agreement(admin_user, agreement).order_by(*commitment_lists.ORDER))
    for position in (0, 24, 25, 31):
        c = order[position]
        response = admin_client.get(f"/commitments/{c.uid}/")
        if position < 25:
            assert response["Location"] == f"/agreements/{agreement.uid}/#commitment-{c.uid}"
        else:
            page = position // 10 + 1
            assert response["Location"] == (
                f"/agreements/{agreement.uid}/commitments/?page={page}#commitment-{c.uid}"
            )
        assert f'id="commitment-{c.uid}"' in admin_client.get(response["Location"]).content.decode()


def test_a_hidden_commitment_has_no_address(client: Any, officer: Any, demo: None) -> None:
    from hoptac.agreements.commitments import create_commitment
    from hoptac.agreements.models import Agreement
    from hoptac.agreements.services import update_agreement

    hue = update_agreement(Agreement.objects.get(title__contains="Thừa Thiên Huế"), {"confidential": True})
    hidden = create_commitment(hue, {"giver": "VN-26", "receiver": "LA-CH", "quantity": "1", "unit": "other"})
    client.force_login(officer)
    assert client.get(f"/commitments/{hidden.uid}/").status_code == 404
    assert client.get(f"/agreements/{hue.uid}/commitments/").status_code == 404
    mine = agreement_uid(SEKONG)
    assert client.get(f"/agreements/{mine}/commitments/").status_code == 200


def _as_diff_against_shows(model: Any, name: str, value: Any) -> str:
    """A value as the page showed it when diff_against() read related records itself."""
    from simple_history.models import DeletedObject
    from simple_history.utils import get_m2m_reverse_field_name

    if isinstance(value, DeletedObject) and value.pk is None:
        return "—"  # an empty foreign key (diff_against() calls it deleted; the page says "—")
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        target = get_m2m_reverse_field_name(model._meta.get_field(name))
        return ", ".join(sorted(str(row[target]) for row in value))
    return str(value)[:200]


def test_history_reads_a_fixed_number_of_queries_and_shows_what_diff_against_gives(
    admin_user: Any, demo: None
) -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.web import history

    agreement = Agreement.objects.get(uid=agreement_uid(SEKONG))
    _edits(agreement, 2)
    with CaptureQueriesContext(connection) as few:
        history.changes(agreement)
    _edits(agreement, 9)
    with CaptureQueriesContext(connection) as many:
        shown = history.changes(agreement)
    assert len(many) == len(few)
    versions = list(agreement.history.order_by("-history_date", "-history_id")[: history.LIMIT])
    assert [c.history_id for c in shown] == [v.history_id for v in versions]
    changed = 0
    for change, version, older in zip(shown, versions, [*versions[1:], None], strict=True):
        if older is None or version.history_type != "~":
            assert change.fields == []
            continue
        delta = version.diff_against(
            older, excluded_fields=["folded", "updated_at"], foreign_keys_are_objs=True
        )
        expected = [
            (
                history._label(Agreement, c.field),
                _as_diff_against_shows(Agreement, c.field, c.old),
                _as_diff_against_shows(Agreement, c.field, c.new),
            )
            for c in delta.changes
        ]
        assert change.fields == expected
        changed += bool(expected)
    assert changed >= 11


@pytest.mark.parametrize("quiet", [2_000, 5])
def test_agreement_activities_are_the_newest_as_one_query_would_list_them(
    admin_user: Any, demo: None, monkeypatch: Any, quiet: int
) -> None:
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement
    from hoptac.web import agreement_page

    agreement = Agreement.objects.get(uid=agreement_uid(SEKONG))
    _activities(agreement, 12)
    monkeypatch.setattr(agreement_page, "READ_WHOLE", quiet)  # 5: the busy agreement's walk down the dates
    monkeypatch.setattr(agreement_page, "PLACE_SECTION_ROWS", 6)
    sections = agreement_page.agreement_sections(admin_user, agreement)
    shown, total = sections.activities, sections.activities_total
    plain = Activity.objects.filter(agreements=agreement).order_by("-date", "id")
    assert sorted(a.pk for a in shown) == sorted(a.pk for a in plain[:6])
    assert [a.pk for a in shown] == sorted(
        (a.pk for a in shown), key=lambda pk: (str(plain.get(pk=pk).date), pk)
    )
    assert total == (plain.count(), False)


@pytest.mark.parametrize("quiet", [2_000, 5])
def test_held_reviews_are_those_planned_reviews_finds_for_everyone(
    admin_user: Any, officer: Any, demo: None, monkeypatch: Any, quiet: int
) -> None:
    from django.db.models import prefetch_related_objects

    from hoptac.activities.services import update_activity
    from hoptac.agreements.models import Agreement
    from hoptac.agreements.services import planned_reviews, update_agreement
    from hoptac.web import agreement_page, queries

    uid = agreement_uid(SEKONG)
    update_agreement(Agreement.objects.get(uid=uid), {"review_every_years": 1})
    _activities(Agreement.objects.get(uid=uid), 12)
    cancelled = Agreement.objects.get(uid=uid).activities.filter(kind="review_conference").first()
    assert cancelled is not None
    update_activity(cancelled, {"status": "cancelled"})  # a cancelled conference holds no review
    whole = Agreement.objects.get(uid=uid)
    prefetch_related_objects([whole], queries.review_activities())
    expected = [(r.year, r.held.pk if r.held else None) for r in planned_reviews(whole)]
    assert sum(1 for _year, held in expected if held) >= 3
    monkeypatch.setattr(agreement_page, "READ_WHOLE", quiet)  # 5: too many to read, looked up by kind
    for user in (admin_user, officer):
        agreement = Agreement.objects.get(uid=uid)
        agreement_page.agreement_sections(user, agreement)
        assert [(r.year, r.held.pk if r.held else None) for r in planned_reviews(agreement)] == expected


def test_link_gives_what_url_gives() -> None:
    import uuid

    from django.template import engines
    from django.urls import NoReverseMatch, reverse, set_script_prefix

    from hoptac.web.templatetags.links import link

    uid = uuid.uuid4()
    cases = [("web:activity", uid), ("web:activity", str(uid)), ("web:place", "LA-XE")]
    try:
        for prefix in ("/", "/hoptac/"):
            set_script_prefix(prefix)
            for route, value in cases:
                assert link(value, route) == reverse(route, args=[value])
                assert link(value, route).startswith(prefix)
            with pytest.raises(NoReverseMatch):
                link("LA-XE", "web:activity")  # not a uuid: refused, as {% url %} refuses it
    finally:
        set_script_prefix("/")
    odd = engines["django"].from_string('{% load links %}{{ v|link:"web:place" }}|{% url "web:place" v %}')
    drawn, expected = odd.render({"v": "Quảng Nam"}).split("|")
    assert drawn == expected and "%" in drawn


def test_figures_section_is_the_plain_rule(demo: None) -> None:
    """The union read gives the figures `agreement = X OR activity among X's activities` would, in order."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement
    from hoptac.figures.models import Figure, Metric
    from hoptac.web import agreement_page

    agreement = Agreement.objects.get(uid=agreement_uid(SEKONG))
    other = Agreement.objects.exclude(pk=agreement.pk).first()
    _activities(agreement, 6)
    mine = list(Activity.objects.filter(agreements=agreement))
    metrics = list(Metric.objects.all()[:3])
    for i in range(40):
        # Own figures, figures at its activities under another agreement or none, and some that are both.
        Figure.objects.create(
            metric=metrics[i % len(metrics)],
            value=i,
            unit="person",
            period_start=f"{2020 + i % 4}" if i % 5 else None,
            agreement=agreement if i % 3 == 0 else (other if i % 3 == 1 else None),
            activity=mine[i % len(mine)] if i % 3 or i % 2 else None,
        )
    Figure.objects.create(metric=metrics[0], value=1, unit="person", agreement=other)  # not its own
    admin = get_user_model().objects.create_superuser("figures-admin", "a@example.org", "x")
    plain = Figure.objects.filter(Q(agreement=agreement) | Q(activity__in=mine)).order_by(
        "metric_id", "-period_start", "id"
    )
    expected = list(plain.values_list("id", flat=True))
    sections = agreement_page.agreement_sections(admin, agreement)
    assert [f.pk for f in sections.figures] == expected[: len(sections.figures)]
    assert len(sections.figures) == min(len(expected), 25)
    assert sections.figures_total == (len(expected), False)
    # The busy path (links read by subquery, not passed as ids) gives the same.
    figures, total = agreement_page._figures(admin, agreement, None)
    assert [f.pk for f in figures] == [f.pk for f in sections.figures] and total == sections.figures_total
