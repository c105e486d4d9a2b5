"""Queue mode: a change queues one refresh, and the worker's refresh makes the pages asked for again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hoptac.core import freshness

DAY = dt.date(2025, 6, 15)


@pytest.fixture
def user(transactional_db: Any) -> Any:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    cache.clear()
    return get_user_model().objects.create_superuser(username="chuyenvien", password="a-long-password-123")


def agreement(title: str, signed: str = "2024-03") -> Any:
    from hoptac.agreements.services import create_agreement

    data = {"signed_on": signed, "period_start": signed[:4], "period_end": "2028", "review_every_years": 1}
    return create_agreement({"title": title, "parties": [{"place": "VN-28"}, {"place": "LA-XE"}], **data})


def test_a_burst_of_changes_queues_one_refresh_that_makes_the_dashboard_again(
    user: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, django_assert_max_num_queries: Any
) -> None:
    from hoptac.web.dashboard import dashboard

    settings.HOPTAC_CACHE_REFRESH = "queue"
    queued: list[float] = []
    monkeypatch.setattr(freshness, "_enqueue", queued.append)
    assert dashboard(user, DAY).in_force_count == 0
    agreement("Thỏa thuận A")
    agreement("Thỏa thuận B", "2023-05")
    assert queued == [freshness.REFRESH_AFTER_S]  # one refresh for both changes
    assert freshness.refresh_shared() == 1
    with django_assert_max_num_queries(14):  # ready: only the rows shown are read
        board = dashboard(user, DAY)
    assert board.in_force_count == 2 and board.reviews_count == 5
    agreement("Thỏa thuận C", "2022-01")  # the refresh cleared the flag: the next change queues again
    assert len(queued) == 2


def test_pages_nobody_asked_for_are_not_made(user: Any, settings: Any) -> None:
    settings.HOPTAC_CACHE_REFRESH = "queue"
    agreement("Thỏa thuận A")
    assert freshness.refresh_shared() == 0


def test_the_queued_task_runs_the_refresh(user: Any, settings: Any) -> None:
    from hoptac.tasks.tasks import refresh_pages
    from hoptac.web.dashboard import dashboard

    settings.HOPTAC_CACHE_REFRESH = "queue"
    dashboard(user, DAY)
    assert refresh_pages.call_local() == 1
