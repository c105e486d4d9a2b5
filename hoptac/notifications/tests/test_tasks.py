"""The worker runs the reminders daily at 07:00 local time, and on demand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


def test_the_reminders_run_daily_at_seven() -> None:
    from hoptac.notifications.tasks import daily_reminders

    task = daily_reminders.s()

    def runs(moment: dt.datetime) -> bool:  # huey's crontab check, as its scheduler asks each minute
        return bool(task.validate_datetime(moment))

    assert runs(dt.datetime(2026, 3, 16, 7, 0))
    assert not runs(dt.datetime(2026, 3, 16, 7, 1)) and not runs(dt.datetime(2026, 3, 16, 19, 0))


@pytest.mark.django_db
def test_queued_on_demand_they_run(officer: Any, demo: dt.date) -> None:
    from hoptac.notifications.models import Notification
    from hoptac.notifications.tasks import reminders_now

    counts = reminders_now.call_local()
    assert counts["users"] == 1 and Notification.objects.filter(user=officer).exists()
