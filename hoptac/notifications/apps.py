"""The notifications app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Reminders, notifications and personal feed addresses."""

    name = "hoptac.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
