"""The summary tables equal a fresh computation from the base tables after every write path, are never
read stale, and answer each user only within their rights."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, Commitment
from hoptac.core import freshness
from hoptac.summaries import services
from hoptac.summaries.days import day_number
from hoptac.summaries.models import ActivityTally, CommitmentTotal, ReviewHeld

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 24)


def commit() -> None:
    """What a commit does after a test's writes: run the on-commit callbacks (the version is raised)."""
    callbacks = list(connection.run_on_commit)
    connection.run_on_commit.clear()
    services._checked.block = None  # a new transaction: the tables are asked about again
    for _savepoints, function, _robust in callbacks:
        function()


def fresh() -> dict[str, Any]:
    """The summaries worked out in Python from the records themselves."""
    held = {
        (agreement.id, activity.date.year)
        for activity in Activity.objects.filter(kind="review_conference").exclude(status="cancelled")
        for agreement in activity.agreements.all()
        if activity.date is not None and activity.date.year is not None
    }

    def days(c: Commitment) -> tuple[int | None, int | None]:
        first = c.period_start.earliest() if c.period_start else None
        end = c.period_end or c.due
        last = end.latest() if end else None
        return (day_number(first) if first else None, day_number(last) if last else None)

    totals = {
        c.id: (
            c.agreement_id,
            sum((d.quantity for d in c.deliveries.all()), Decimal(0)),
            c.quantity,
            *days(c),
        )
        for c in Commitment.objects.all()
    }
    tally = Counter(
        (a.status, a.date.isoformat()[:7] if a.date is not None else None) for a in Activity.objects.all()
    )
    return {"held": held, "totals": totals, "tally": dict(tally)}


def stored() -> dict[str, Any]:
    """The summary tables as they are."""
    return {
        "held": set(ReviewHeld.objects.values_list("agreement_id", "year")),
        "totals": {
            c: tuple(rest)
            for c, *rest in CommitmentTotal.objects.values_list(
                "commitment_id", "agreement_id", "delivered", "quantity", "first_day", "last_day"
            )
        },
        "tally": {(s, p): n for s, p, n in ActivityTally.objects.values_list("status", "period", "count")},
    }


def check_after(write: Callable[[], Any]) -> None:
    """The write says the registry changed; once committed the summaries are behind, and a reader
    rebuilds them to equal a fresh computation."""
    commit()
    services.ensure_current()
    assert services.is_current() and stored() == fresh()
    write()
    assert freshness.pending(), "the write path did not say the registry changed"
    assert not services.usable()  # within the writing transaction: the base tables are read
    commit()
    assert not services.is_current()
    assert services.usable() and services.is_current()
    assert stored() == fresh()


@pytest.fixture
def demo(db: Any) -> None:
    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry

    import_registry(json.loads(DEMO_FILE.read_text()))


def uid_of(title_part: str) -> str:
    return str(Agreement.objects.filter(title__contains=title_part).values_list("uid", flat=True)[0])


def test_the_demo_registry_gives_summaries_of_every_kind(demo: None) -> None:
    commit()
    services.ensure_current()
    found = stored()
    assert found == fresh()
    assert found["held"] and found["tally"] and any(v[1] for v in found["totals"].values())


def test_forms(admin_client: Any, demo: None) -> None:
    def write() -> None:
        response = admin_client.post(
            "/activities/new/",
            {
                "kind": "review_conference",
                "status": "held",
                "title": "Sơ kết 2025",
                "date": "2025-06",
                "place": "Sê Kông",
                "parties": ["VN-28", "LA-XE"],
                "agreements": [uid_of("Sê Kông giai đoạn")],
            },
        )
        assert response.status_code == 302
        commitment = Commitment.objects.order_by("id").first()
        assert commitment is not None
        ok = admin_client.post(
            f"/commitments/{commitment.uid}/deliveries/new/",
            {"date": "2025-09", "quantity": "2", "evidence": "x"},
        )
        assert ok.status_code == 302

    check_after(write)


def test_api(admin_client: Any, demo: None) -> None:
    def write() -> None:
        data = {"kind": "visit", "status": "planned", "date": "2027-02-03", "agreements": [uid_of("Sê Kông")]}
        created = admin_client.post("/api/v1/activities/", data, content_type="application/json")
        assert created.status_code == 201, created.content
        review = Activity.objects.filter(kind="review_conference").first()
        assert review is not None
        url = f"/api/v1/activities/{review.uid}"
        assert (
            admin_client.patch(url, {"status": "cancelled"}, content_type="application/json").status_code
            == 200
        )

    check_after(write)


def test_bulk_import(tmp_path: Path, demo: None) -> None:
    from hoptac.imports.activities import import_activities
    from hoptac.imports.tests.test_activities import visit, write_csv

    rows = [visit(date="2024-03-12"), visit(date="2025-01-02", end_date=""), visit(date="2019")]
    check_after(lambda: import_activities(write_csv(tmp_path / "a.csv", rows)))


def test_ingest(demo: None) -> None:
    from hoptac.extraction.ingest import ingest_record
    from hoptac.extraction.tests.test_ingest import TEXT_A, record

    check_after(lambda: ingest_record(record(), TEXT_A, "a"))


def test_delete_undo_and_restore(admin_user: Any, demo: None) -> None:
    from hoptac.accounts.deletion import delete_record, undo_delete
    from hoptac.accounts.history import restore_version
    from hoptac.activities.services import update_activity

    review = Activity.objects.filter(kind="review_conference").exclude(status="cancelled").first()
    commitment = Commitment.objects.filter(deliveries__isnull=False).first()
    assert review is not None and commitment is not None
    tombstones: list[Any] = []
    check_after(
        lambda: tombstones.extend([delete_record(review, admin_user), delete_record(commitment, admin_user)])
    )
    check_after(lambda: [undo_delete(t, admin_user) for t in tombstones])
    review = Activity.objects.get(uid=review.uid)
    first = review.history.order_by("-history_date").first().history_id
    update_activity(review, {"date": "2019-05", "status": "planned"})
    check_after(lambda: restore_version(review, first, admin_user))


def test_synthetic_bulk_build() -> None:
    from hoptac.synth.build import build

    check_after(lambda: build("tiny", seed=3))


def test_the_pages_read_the_same_from_the_summaries_as_from_the_base_tables(
    admin_user: Any, demo: None
) -> None:
    from hoptac.web import calendar, dashboard

    def answers() -> tuple[Any, ...]:
        board = dashboard.dashboard(admin_user, DAY)
        return (
            board.behind_count,
            [c.commitment.id for c in board.behind],
            [(b.label, b.value) for b in board.by_year["bars"]],
            [(r.row.agreement.id, r.review.year) for r in board.reviews],
            board.reviews_count,
            calendar._planned_per_month(admin_user, 2024),
            [i.uid for i in calendar._calendar_items(admin_user, DAY, (2024, 2027))],
        )

    live = answers()
    commit()
    assert services.usable()
    assert answers() == live


def test_summaries_answer_within_the_users_rights(demo: None, django_user_model: Any) -> None:
    from hoptac.accounts.models import Membership
    from hoptac.core.permissions import visible
    from hoptac.summaries.due import due_reviews, visible_commitments
    from hoptac.web import dashboard

    secret = Agreement.objects.filter(commitments__isnull=False).first()
    assert secret is not None
    secret.confidential = True
    secret.save()
    officer = django_user_model.objects.create_user(username="o", password="x-Very-long-pass-1")
    membership = Membership.objects.create(user=officer, role="viewer")
    membership.places.set(["VN-26"])  # Thừa Thiên Huế: not a party to the confidential agreement
    admin = django_user_model.objects.create_superuser(username="a", password="x-Very-long-pass-1")

    def answers(user: Any) -> tuple[Any, ...]:
        return (
            sorted(visible_commitments(user).values_list("id", "delivered_total")),
            due_reviews(visible(user, Agreement.objects.all()), DAY),
            dashboard.held_per_year(user),
        )

    live_officer, live_admin = answers(officer), answers(admin)
    commit()
    assert services.usable()
    assert answers(officer) == live_officer and answers(admin) == live_admin
    seen = {pk for pk, _total in live_officer[0]}
    assert not seen & set(secret.commitments.values_list("id", flat=True))
    assert sum(n for _y, n in live_officer[2]) < sum(n for _y, n in live_admin[2])


def test_a_stale_summary_is_never_read(admin_user: Any, demo: None) -> None:
    from hoptac.web import dashboard

    commit()
    services.ensure_current()
    before = dict(dashboard.held_per_year(admin_user))
    held = Activity.objects.filter(status="held").exclude(date=None).exclude(date__startswith="-").first()
    assert held is not None
    Activity.objects.filter(pk=held.pk).update(status="planned")  # no signal: a raw write…
    freshness.changed()  # …says so itself, as the bulk paths do
    commit()
    after = dict(dashboard.held_per_year(admin_user))
    assert (
        after[held.date.year] == before[held.date.year] - 1
        if before[held.date.year] > 1
        else held.date.year not in after
    )


def test_query_counts_of_a_cold_worker_reading_the_summaries(admin_client: Any, demo: None) -> None:
    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    commit()
    services.ensure_current()
    counts = {}
    for url in ("/", "/calendar/", "/places/LA-XE/"):
        cache.clear()  # a worker just started: nothing cached in its memory
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        counts[url] = len(captured)
    # Session, user, savepoints, the unread count, each cached panel's version, one look at the stamp.
    assert counts["/"] <= 39
    assert counts["/calendar/"] <= 33  # 13 of them the first planned activities of each month
    assert counts["/places/LA-XE/"] <= 31


def test_behind_schedule_from_the_summary_is_the_rule_on_random_periods(admin_user: Any, demo: None) -> None:
    import random

    from hoptac.summaries.due import behind_ids

    rng = random.Random(16)
    model = Commitment.objects.order_by("id").first()
    assert model is not None
    agreement = model.agreement

    def some_date() -> str | None:
        year = rng.randint(2022, 2028)
        return rng.choice(
            [None, f"{year}", f"{year}-{rng.randint(1, 12):02d}", f"{year}-02-{rng.randint(1, 28):02d}"]
        )

    for _ in range(80):
        commitment = Commitment.objects.create(
            agreement=agreement,
            giver_id=model.giver_id,
            receiver_id=model.receiver_id,
            quantity=rng.choice([None, 0, 1, 3, 10, 12]),
            period_start=some_date(),
            period_end=some_date(),
            due=some_date(),
        )
        for _ in range(rng.randint(0, 3)):
            commitment.deliveries.create(quantity=rng.randint(0, 4), date="2024")
    days = [
        dt.date(2021, 5, 1),
        dt.date(2024, 2, 29),
        dt.date(2025, 7, 15),
        dt.date(2026, 12, 31),
        dt.date(2030, 1, 1),
    ]
    live = [behind_ids(admin_user, day) for day in days]
    commit()
    assert services.usable()
    assert [behind_ids(admin_user, day) for day in days] == live
    assert any(live) and not all(len(ids) == len(live[0]) for ids in live)
