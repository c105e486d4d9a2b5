"""The dashboard's agreement panels, worked out in SQL, equal the plain rule applied to every agreement."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 15)
PLACES = ["VN-28", "VN-33", "LA-XE", "LA-CH", "LA-AT", "KH-19"]


def random_registry(seed: int, count: int = 80) -> None:
    """Agreements of every status, with parties, review rhythms, review conferences and successors."""
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement, AgreementParty

    rng = random.Random(seed)
    made: list[Agreement] = []
    for n in range(count):
        start = rng.randint(2012, 2026)
        end = start + rng.randint(1, 6)
        agreement = Agreement.objects.create(
            title=f"Thỏa thuận {n:03d}",
            signed_on=None
            if rng.random() < 0.1
            else rng.choice([str(start), f"{start}-{rng.randint(1, 12):02d}"]),
            period_start=str(start) if rng.random() < 0.8 else None,
            period_end=rng.choice(
                [str(end), f"{end}-{rng.randint(1, 12):02d}", f"2026-0{rng.randint(1, 6)}", None]
            ),
            terminated_on="2024-03" if rng.random() < 0.05 else None,
            predecessor=rng.choice(made) if made and rng.random() < 0.3 else None,
            review_every_years=rng.choice([None, 1, 2, 3]),
            review_host_rotates=rng.random() < 0.8,
            signed_place_id=rng.choice(PLACES) if rng.random() < 0.5 else None,
        )
        for position, place in enumerate(rng.sample(PLACES, rng.randint(2, 3))):
            AgreementParty.objects.create(agreement=agreement, place_id=place, position=position)
        for _ in range(rng.randint(0, 2)):
            conference = Activity.objects.create(
                kind="review_conference",
                status=rng.choice(["held", "held", "cancelled"]),
                title=f"Hội nghị {n}",
                date=str(rng.randint(start, start + 6)),
            )
            conference.agreements.add(agreement)
        made.append(agreement)


@pytest.mark.parametrize("seed", [1, 2])
def test_agreement_panels_equal_the_plain_rule(admin_user: Any, seed: int) -> None:
    from hoptac.web import queries
    from hoptac.web.dashboard import dashboard

    random_registry(seed)
    every = queries.rows(queries.agreements_queryset(admin_user, with_activities=True), DAY)
    board = dashboard(admin_user, DAY)

    in_force = [r.agreement.pk for r in every if r.status == "in_force"]
    assert board.in_force_count == len(in_force) > 10
    assert [r.agreement.pk for r in board.in_force] == in_force[:10]

    horizon = DAY + dt.timedelta(days=365)
    expiring = sorted(
        (
            r
            for r in every
            if r.status == "in_force"
            and r.agreement.period_end
            and r.agreement.period_end.latest() <= horizon
        ),  # type: ignore[operator]
        key=lambda r: str(r.agreement.period_end),
    )
    assert board.expiring_count == len(expiring) > 0
    assert [r.agreement.pk for r in board.expiring] == [r.agreement.pk for r in expiring[:10]]

    alone = [r.agreement.pk for r in every if r.status == "expired" and not r.agreement.successors.all()]
    assert alone and [r.agreement.pk for r in board.expired_alone] == alone[:10]

    reviews = sorted(
        (
            (d.review.year, r.agreement.title, r.agreement.pk, d.review.host, d.review.final)
            for r in every
            if r.status in ("in_force", "signed")
            for d in queries.reviews_for(r)
            if d.review.held is None and d.review.year <= DAY.year + 1
        ),
    )
    assert board.reviews_count == len(reviews) > 10
    shown = [
        (d.review.year, d.row.agreement.title, d.row.agreement.pk, d.review.host, d.review.final)
        for d in board.reviews
    ]
    assert shown == reviews[:10]
    assert all(d.host is None or d.host.code == d.review.host for d in board.reviews)

    partners: Counter[str] = Counter(
        p.place_id for r in every if r.status in ("in_force", "signed") for p in r.foreign_parties
    )
    drawn = {bar.href.rstrip("/").rsplit("/", 1)[-1]: int(bar.value) for bar in board.by_partner["bars"]}
    assert drawn == dict(partners)


@pytest.mark.parametrize("years", [3, 14])
def test_activities_held_per_year_are_the_latest_years_with_any(admin_user: Any, years: int) -> None:
    from hoptac.activities.models import Activity
    from hoptac.activities.services import create_activity
    from hoptac.web.dashboard import SHOWN_YEARS, held_per_year, latest_held_years

    rng = random.Random(years)
    day = dt.date(2026, 6, 1)
    # Gaps in the years, future and partial dates, planned ones that do not count: with 14 years the
    # count runs over the last eight only, with 3 over everything.
    chosen = sorted(rng.sample(range(2026 - years, 2028), years))
    for year in chosen:
        for n in range(rng.randint(1, 3)):
            date = rng.choice([f"{year}", f"{year}-{rng.randint(1, 12):02d}"])
            status = "held" if n == 0 else rng.choice(["held", "planned"])
            create_activity({"kind": "meeting", "date": date, "status": status})
    # Which way was counted: only the last years with 14 years of data, everything with 3.
    assert (len(held_per_year(admin_user, since=2017)) >= SHOWN_YEARS) is (years == 14)
    held = Counter(
        a.date.year for a in Activity.objects.filter(status="held") if a.date is not None and a.date.year
    )
    assert latest_held_years(admin_user, day)[-SHOWN_YEARS:] == sorted(held.items())[-SHOWN_YEARS:]
