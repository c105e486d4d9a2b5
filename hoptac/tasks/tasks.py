"""Queued tasks of the registry itself; each app with its own work keeps it in its own `tasks.py`."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from hoptac.core import freshness


@db_task()
def refresh_pages() -> int:
    """Make again the pages asked for recently (in any app process) for the registry's current version."""
    return freshness.refresh_shared()


def queue_refresh(delay: float) -> None:
    """Queue one refresh of the shared cache, `delay` seconds from now (a burst of changes is refreshed once)."""
    refresh_pages.schedule(delay=delay)
