"""Cached derived figures are recomputed after every committed change, and never hide a request's own changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from hoptac.core import freshness

DAY = dt.date(2025, 6, 15)


class Counter:
    """A computation that says how often it ran."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self) -> int:
        self.runs += 1
        return self.runs


def agreement(title: str, **extra: Any) -> Any:
    from hoptac.agreements.services import create_agreement

    return create_agreement(
        {
            "title": title,
            "signed_on": "2024-03",
            "period_start": "2024",
            "period_end": "2028",
            "parties": [{"place": "VN-28"}, {"place": "LA-XE"}],
            **extra,
        }
    )


@pytest.fixture
def user(transactional_db: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(username="chuyenvien", password="a-long-password-123")


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    from django.core.cache import cache

    cache.clear()


def test_cached_until_a_committed_change(user: Any) -> None:
    compute = Counter()
    assert freshness.cached("x", user, DAY, compute) == 1
    assert freshness.cached("x", user, DAY, compute) == 1
    before = freshness.version()
    agreement("Thỏa thuận mới")
    assert freshness.version() > before
    assert freshness.cached("x", user, DAY, compute) == 2
    # Another day, another audience: computed apart.
    assert freshness.cached("x", user, DAY + dt.timedelta(days=1), compute) == 3
    assert freshness.cached("x", None, DAY, compute) == 4


def test_a_rolled_back_change_keeps_the_version(user: Any) -> None:
    before = freshness.version()
    with pytest.raises(RuntimeError), transaction.atomic():
        agreement("Sẽ bị hủy")
        raise RuntimeError
    assert freshness.version() == before


def test_an_uncommitted_change_bypasses_the_cache(user: Any) -> None:
    compute = Counter()
    freshness.cached("x", user, DAY, compute)
    with transaction.atomic():
        agreement("Đang lưu")
        assert freshness.cached("x", user, DAY, compute) == 2
        assert freshness.cached("x", user, DAY, compute) == 3
    assert freshness.cached("x", user, DAY, compute) == 4
    assert freshness.cached("x", user, DAY, compute) == 4


def test_dashboard_totals_follow_edits(user: Any) -> None:
    from hoptac.agreements.services import update_agreement
    from hoptac.web.dashboard import dashboard

    on = dt.date(2025, 6, 15)
    first = agreement("Thỏa thuận A", review_every_years=1)
    board = dashboard(user, on)
    # Reviews every year from 2024: 2025 and 2026 are due by the end of next year.
    assert board.in_force_count == 1 and board.reviews_count == 2
    agreement("Thỏa thuận B", review_every_years=1, signed_on="2023-05", period_start="2023")
    board = dashboard(user, on)
    assert board.in_force_count == 2 and board.reviews_count == 5  # and 2024, 2025, 2026 for B
    update_agreement(first, {"review_every_years": None})
    assert dashboard(user, on).reviews_count == 3


def test_copy_writers_say_they_changed_the_registry(user: Any) -> None:
    before = freshness.version()
    with transaction.atomic():
        freshness.changed()
        freshness.changed()
    assert freshness.version() == before + 1


def test_a_bulk_import_raises_the_version(user: Any, tmp_path: Any) -> None:
    from hoptac.imports.activities import import_activities

    path = tmp_path / "a.csv"
    path.write_text("kind,title,date,parties\nvisit,Đoàn thăm,2024-05,VN-28; LA-XE\n", encoding="utf-8")
    before = freshness.version()
    import_activities(path, user)
    assert freshness.version() == before + 1


def test_a_warm_dashboard_reads_only_the_rows_it_shows(user: Any, django_assert_max_num_queries: Any) -> None:
    from hoptac.web.dashboard import dashboard

    for n in range(12):
        agreement(
            f"Thỏa thuận {n}", review_every_years=1, signed_on=f"20{10 + n}", period_start=f"20{10 + n}"
        )
    dashboard(user, DAY)
    # The version, the shown agreements with their parties, successors and fields, review hosts, the
    # commitments behind, the activities with places and agreements, the headline figures with scope.
    with django_assert_max_num_queries(14):
        board = dashboard(user, DAY)
    assert board.in_force_count == 12


class Recorder(Counter):
    """A computation that also says which threads ran it."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    def __call__(self) -> int:
        import threading

        self.threads.add(threading.get_ident())
        return super().__call__()


def test_a_change_refreshes_what_was_asked_for_before_anyone_asks_again(user: Any, settings: Any) -> None:
    settings.HOPTAC_CACHE_REFRESH = "inline"
    compute = Counter()
    assert freshness.cached("x", user, DAY, compute) == 1
    agreement("Thỏa thuận mới")
    assert compute.runs == 2  # recomputed as the change committed
    assert freshness.cached("x", user, DAY, compute) == 2  # and found ready
    assert compute.runs == 2


def test_the_refresh_runs_in_the_background_once_for_a_burst_of_changes(
    user: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    settings.HOPTAC_CACHE_REFRESH = "thread"
    monkeypatch.setattr(freshness, "REFRESH_AFTER_S", 3.0)  # both changes well within one wait
    compute = Recorder()
    freshness.cached("x", user, DAY, compute)
    agreement("Thỏa thuận A")
    agreement("Thỏa thuận B", signed_on="2023-05", period_start="2023")
    freshness.wait_for_refresh()
    assert compute.runs == 2 and compute.threads - {threading.get_ident()}
    assert freshness.cached("x", user, DAY, compute) == 2


def test_entries_nobody_asked_for_lately_are_not_refreshed(
    user: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.HOPTAC_CACHE_REFRESH = "inline"
    compute = Counter()
    freshness.cached("old", user, DAY, compute)
    monkeypatch.setattr(freshness, "RECENT_S", -1.0)
    agreement("Thỏa thuận mới")
    assert compute.runs == 1


def test_the_dashboard_after_an_edit_is_ready_and_right(
    user: Any, settings: Any, django_assert_max_num_queries: Any
) -> None:
    from hoptac.agreements.services import update_agreement
    from hoptac.web.dashboard import dashboard

    settings.HOPTAC_CACHE_REFRESH = "inline"
    first = agreement("Thỏa thuận A", review_every_years=1)
    assert dashboard(user, DAY).reviews_count == 2
    update_agreement(first, {"review_every_years": None})
    # Refreshed as the edit committed: the visit reads only the rows shown, and the totals are new.
    with django_assert_max_num_queries(14):
        board = dashboard(user, DAY)
    assert board.reviews_count == 0 and board.in_force_count == 1
