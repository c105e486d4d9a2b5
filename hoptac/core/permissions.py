"""Who may see and change what: the interface every app asks, with the rules plugged in from above.

Domains, the API helpers, reports and imports ask these functions; they never import `accounts`. The
rules themselves (roles, memberships, provinces, confidentiality) live in the module named by the
setting HOPTAC_PERMISSION_RULES, `hoptac.accounts.permissions`, the way Django names its
authentication backends. That module must provide every method of `Rules` as a function.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any, Protocol, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

DEFAULT_RULES = "hoptac.accounts.permissions"


class Rules(Protocol):
    """The questions a rule set answers; `user` is a Django user (or AnonymousUser)."""

    def visible(self, user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]: ...
    def sees_all(self, user: Any, model: type[Model]) -> bool: ...
    def can_view(self, user: Any, record: Model) -> bool: ...
    def can_change(self, user: Any, record: Model) -> bool: ...
    def can_create(self, user: Any, model: type[Model], agreement: Any = None) -> bool: ...
    def is_administrator(self, user: Any) -> bool: ...


@cache
def rules() -> Rules:
    """The rule set the settings name (imported once)."""
    return cast(Rules, import_module(getattr(settings, "HOPTAC_PERMISSION_RULES", DEFAULT_RULES)))


def visible(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The part of a queryset the user may see (one query whatever the user)."""
    return rules().visible(user, queryset)


def sees_all(user: Any, model: type[Model]) -> bool:
    """Does the user see every record of this model (no rule hides any from them)?"""
    return rules().sees_all(user, model)


def can_view(user: Any, record: Model) -> bool:
    """May the user see this record?"""
    return rules().can_view(user, record)


def can_change(user: Any, record: Model) -> bool:
    """May the user change or delete this record?"""
    return rules().can_change(user, record)


def can_create(user: Any, model: type[Model], agreement: Any = None) -> bool:
    """May the user create a record of this kind (under this agreement or commitment, if given)?"""
    return rules().can_create(user, model, agreement)


def is_administrator(user: Any) -> bool:
    """Does the user see and change everything?"""
    return rules().is_administrator(user)


def require_view(user: Any, record: Model) -> None:
    """Raise PermissionDenied unless the user may see the record."""
    if not can_view(user, record):
        raise PermissionDenied(_("You may not see this record."))


def require_change(user: Any, record: Model) -> None:
    """Raise PermissionDenied unless the user may change the record."""
    if not can_change(user, record):
        raise PermissionDenied(_("You may not change this record: it belongs to a province you do not edit."))


def require_create(user: Any, model: type[Model], agreement: Any = None) -> None:
    """Raise PermissionDenied unless the user may create such a record."""
    if not can_create(user, model, agreement):
        raise PermissionDenied(_("You may not add this kind of record here."))
