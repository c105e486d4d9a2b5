"""The number of unread notifications, for the header of every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def unread(request: HttpRequest) -> dict[str, Any]:
    """unread_notifications: counted only when a page shows it (a lazy value)."""
    from django.utils.functional import SimpleLazyObject

    from hoptac.notifications.services import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(request.user))}
