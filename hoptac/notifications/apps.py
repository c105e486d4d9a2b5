"""The notifications app."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Reminders, notifications and personal feed addresses."""

    name = "hoptac.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from hoptac.rounds import reminders

        # The rounds' reminders are written in the language the user chose for their reminders.
        reminders.set_language_of(_language_of)


def _language_of(user: Any) -> str:
    from hoptac.notifications.services import settings_of  # the services are loaded when first needed

    return str(settings_of(user).language)
