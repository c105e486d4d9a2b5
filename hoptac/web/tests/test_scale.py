"""The shortcuts that keep pages fast on a national registry give the same answers as the plain rules."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _planned(n: int, month: str, agreement: Any) -> None:
    from hoptac.activities.services import create_activity

    for i in range(n):
        create_activity(
            {
                "kind": "visit",
                "status": "planned",
                "title": f"Chuyến thăm dự kiến {month} số {i}",
                "date": f"{month}-{1 + i % 28:02d}",
                "parties": ["VN-28", "LA-XE"],
                "agreements": [str(agreement.uid)],
            }
        )


def test_dashboard_numbers_match_reading_everything(
    admin_user: Any, demo: None, fixed_today: dt.date
) -> None:
    from hoptac.activities.models import Activity
    from hoptac.agreements.commitments import create_commitment
    from hoptac.agreements.models import Agreement
    from hoptac.figures.models import Figure
    from hoptac.summaries import due
    from hoptac.web import dashboard as overview
    from hoptac.web import queries

    agreement = Agreement.objects.get(title__contains="Sê Kông", title__icontains="2022")
    # Behind (period half gone, nothing delivered), on time (all delivered is impossible without
    # deliveries, so: not started yet), and without a quantity (never behind).
    create_commitment(
        agreement,
        {
            "giver": "VN-28",
            "receiver": "LA-XE",
            "quantity": "10",
            "unit": "person",
            "period_start": "2025",
            "period_end": "2027",
            "description": "Đào tạo",
        },
    )
    create_commitment(
        agreement,
        {
            "giver": "VN-28",
            "receiver": "LA-XE",
            "quantity": "10",
            "unit": "person",
            "period_start": "2027",
            "period_end": "2028",
            "description": "Chưa bắt đầu",
        },
    )
    board = overview.dashboard(admin_user, fixed_today)

    every = queries.commitment_states(
        queries.commitments_queryset(admin_user).order_by(*due.BEHIND_ORDER), fixed_today
    )
    behind = [s.commitment.id for s in every if s.behind]
    assert board.behind_count == len(behind) >= 1
    assert [s.commitment.id for s in board.behind] == behind[:10]

    latest: dict[str, Figure] = {}
    for f in Figure.objects.all():
        key = str(f.period_end or f.period_start or "")
        if f.metric_id not in latest or key > str(
            latest[f.metric_id].period_end or latest[f.metric_id].period_start or ""
        ):
            latest[f.metric_id] = f
    expected = [latest[m].pk for m in overview.HEADLINE_METRICS if m in latest]
    assert expected and [f.pk for f in board.headline] == expected

    held = Counter(
        a.date.year for a in Activity.objects.filter(status="held") if a.date is not None and a.date.year
    )
    assert [(int(b.label), int(b.value)) for b in board.by_year["bars"]] == sorted(held.items())[-8:]
    assert board.counts["agreements"] == Agreement.objects.count()


def test_maybe_behind_keeps_every_commitment_behind(
    admin_user: Any, demo: None, fixed_today: dt.date
) -> None:
    from hoptac.summaries import due
    from hoptac.web import queries

    every = queries.commitment_states(queries.commitments_queryset(admin_user), fixed_today)
    kept = {c.id for c in due.maybe_behind(queries.commitments_queryset(admin_user), fixed_today)}
    assert {s.commitment.id for s in every if s.behind} <= kept


def test_calendar_shows_thirty_planned_a_month_and_links_to_the_rest(admin_client: Any, demo: None) -> None:
    from hoptac.agreements.models import Agreement

    _planned(33, "2026-09", Agreement.objects.filter(title__contains="Sê Kông").first())
    html = admin_client.get("/calendar/?year=2026").content.decode()
    september = html[html.index('id="m-9"') : html.index('id="m-10"')]
    assert september.count("Chuyến thăm dự kiến 2026-09") == 30
    assert re.search(r"… [^<]*\b3\b", september)
    link = re.search(r'href="(/activities/\?[^"]+)"', september)
    assert (
        link is not None and "date_from=2026-09-01" in link.group(1) and "date_to=2026-09-30" in link.group(1)
    )
    listed = admin_client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert listed.count("Chuyến thăm dự kiến 2026-09") == 33


def test_activity_list_pages_keep_the_filters(admin_client: Any, demo: None, monkeypatch: Any) -> None:
    from hoptac.activities.models import Activity
    from hoptac.web import views

    monkeypatch.setattr(views, "ACTIVITIES_PER_PAGE", 2)
    total = Activity.objects.filter(status="held").count()
    assert total > 2
    seen: list[str] = []
    url: str | None = "/activities/?status=held"
    while url:
        html = admin_client.get(url).content.decode()
        seen += re.findall(r'href="/activities/([0-9a-f-]{36})/"', html)
        found = re.search(r'rel="next" href="([^"]+)"', html)
        url = "/activities/" + found.group(1).replace("&amp;", "&") if found else None
        assert url is None or "status=held" in url
    assert len(seen) == len(set(seen)) == total
    assert admin_client.get("/activities/?page=zzz").status_code == 200


def test_place_page_shows_the_newest_and_counts_the_rest(
    admin_client: Any, demo: None, monkeypatch: Any
) -> None:
    from django.db.models import Q

    from hoptac.activities.models import Activity
    from hoptac.web import places

    monkeypatch.setattr(places, "PLACE_SECTION_ROWS", 2)
    html = admin_client.get("/places/VN-28/").content.decode()
    of_place = Activity.objects.filter(Q(parties="VN-28") | Q(place="VN-28")).distinct().count()
    assert of_place > 2
    assert "/activities/?party=VN-28" in html and re.search(rf"\b2\b[^<]*\b{of_place}\b", html)


@pytest.mark.parametrize("rows", [2, 50])
def test_place_activities_as_one_query_would_list_them(
    admin_user: Any, demo: None, monkeypatch: Any, rows: int
) -> None:
    from django.db.models import Q

    from hoptac.activities.models import Activity
    from hoptac.places.models import Place
    from hoptac.web import places

    monkeypatch.setattr(places, "PLACE_SECTION_ROWS", rows)
    page = places.place_page(admin_user, Place.objects.get(code="VN-28"))
    plain = Activity.objects.filter(Q(parties="VN-28") | Q(place="VN-28")).distinct().order_by("-date", "id")
    assert [a.pk for a in page.activities] == [a.pk for a in plain[:rows]]
    assert page.activities_total == (plain.count(), False)


def test_count_of_is_exact_when_filtered_or_small(db: Any, monkeypatch: Any) -> None:
    from django.db import connection

    from hoptac.core import api
    from hoptac.places.models import Place

    assert api.count_of(Place.objects.all()) == Place.objects.count()
    assert (
        api.count_of(Place.objects.filter(country_code="LA"))
        == Place.objects.filter(country_code="LA").count()
    )
    if connection.vendor == "postgresql":
        monkeypatch.setattr(api, "ESTIMATE_FROM", 1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE places_place")
        estimate = api.count_of(Place.objects.all())
        assert abs(estimate - Place.objects.count()) <= max(2, Place.objects.count() // 10)


def test_place_agreements_are_the_most_recently_begun(admin_user: Any, demo: None, monkeypatch: Any) -> None:
    from hoptac.places.models import Place
    from hoptac.web import places, queries

    every = queries.rows(queries.agreements_queryset(admin_user).filter(parties__place="VN-28").distinct())
    every.sort(key=lambda r: r.agreement.title)
    every.sort(key=lambda r: str(r.start or ""), reverse=True)  # stable: title order among equal starts
    assert len(every) > 2
    monkeypatch.setattr(places, "PLACE_SECTION_ROWS", 2)
    page = places.place_page(admin_user, Place.objects.get(code="VN-28"))
    assert [r.agreement.pk for r in page.agreements] == [r.agreement.pk for r in every[:2]]
    assert page.agreements_total == (len(every), False)
    partners = {p.place_id for r in every for p in r.parties} - {"VN-28"}
    assert {p.code for p in page.partners} == partners
