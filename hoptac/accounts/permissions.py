"""Who may see and change what. Every page, endpoint, command and report asks these functions.

This first version allows everything to signed-in users and hides nothing; the accounts work
(roles, provinces, confidential agreements) replaces the bodies, keeping these signatures.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet


def visible(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The part of a queryset the user may see (confidential agreements hidden from those without rights)."""
    return queryset


def can_view(user: Any, record: Model) -> bool:
    """May the user see this record?"""
    return True


def can_change(user: Any, record: Model) -> bool:
    """May the user change or delete this record?"""
    return bool(getattr(user, "is_authenticated", False))


def can_create(user: Any, model: type[Model], agreement: Any = None) -> bool:
    """May the user create a record of this kind (under this agreement, for contributors)?"""
    return bool(getattr(user, "is_authenticated", False))


def require_change(user: Any, record: Model) -> None:
    """Raise PermissionDenied unless the user may change the record."""
    if not can_change(user, record):
        raise PermissionDenied("you may not change this record")


def require_create(user: Any, model: type[Model], agreement: Any = None) -> None:
    """Raise PermissionDenied unless the user may create such a record."""
    if not can_create(user, model, agreement):
        raise PermissionDenied("you may not create this record")
