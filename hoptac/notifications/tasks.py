"""The daily reminders, run by the worker (`hoptac worker`) at 07:00 local time."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hoptac.notifications import services


@db_periodic_task(crontab(hour="7", minute="0"))
def daily_reminders() -> dict[str, int]:
    """Record today's notifications and send the digests (safe to run twice, or on two workers at once)."""
    return services.remind()


@db_task()
def reminders_now() -> dict[str, int]:
    """The same, queued on demand (`hoptac remind --queue`)."""
    return services.remind()
