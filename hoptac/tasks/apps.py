"""The task app: connects the page refresh (core.freshness) to the queue once Django is ready."""

from __future__ import annotations

from django.apps import AppConfig


class TasksConfig(AppConfig):
    """Queued background work."""

    name = "hoptac.tasks"
    label = "tasks"
    verbose_name = "Tasks"

    def ready(self) -> None:
        from hoptac.core import freshness
        from hoptac.tasks import tasks

        freshness.set_queue(tasks.queue_refresh)
