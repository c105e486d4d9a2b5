"""The news watch, run by the worker (`hoptac worker`): every 15 minutes, the sources that are due."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hoptac.inbox.polling import poll_due_sources


@db_periodic_task(crontab(minute="*/15"))
def poll_news() -> int:
    """Fetch and read the sources whose interval has passed ; how many were polled."""
    return len(poll_due_sources())
