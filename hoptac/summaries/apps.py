"""The summaries app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    """Summary tables for the dashboard, the calendar and the place pages; what is due and when."""

    name = "hoptac.summaries"
    label = "summaries"
    verbose_name = _("Summaries")

    def ready(self) -> None:
        from hoptac.core import freshness
        from hoptac.summaries import services

        freshness.before_refresh(services.ensure_current)
