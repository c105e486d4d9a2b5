"""Who may see and change what: the interface every app asks, with the rules plugged in from above.

Domains, the API helpers, reports and imports ask these functions; they never import `accounts`. The
rules themselves (roles, memberships, provinces, confidentiality) live in the module named by the
setting HOPTAC_PERMISSION_RULES, `hoptac.accounts.permissions`, the way Django names its
authentication backends. That module must provide every method of `Rules` as a function.

Which records of a model a user sees or changes is each app's own rule, in its `policies.py` beside its
models; a policy is written against a `Scope` (where the user's memberships reach, as SQL conditions),
which accounts builds from roles and memberships. So the domains know no role and import no `accounts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any, Protocol, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_RULES = "hoptac.accounts.permissions"
DEFAULT_DELETER = "hoptac.accounts.deletion.delete_record"

# The kinds of reach a policy asks about; accounts says which roles give each.
READ = "read"  # reads the records of their provinces (officers, contributors, viewers)
OFFICER = "officer"  # changes the records of their provinces
CONTRIBUTOR = "contributor"  # adds to the agreements assigned to them
CONFIDENTIAL = "confidential"  # sees the confidential agreements assigned to them


class Scope(Protocol):
    """Where one user's memberships reach, as conditions and subqueries (one SQL query per listing)."""

    def administrator(self) -> Q:
        """True in SQL when the user holds the administrator role."""
        ...

    def ministry(self) -> Q:
        """True in SQL when the user reads every province (ministry viewer)."""
        ...

    def places(self, field: str, kind: str) -> Q:
        """`field` (a path to a Place) is one of the user's provinces for `kind`, or was merged into one."""
        ...

    def assigned(self, kind: str) -> QuerySet[Any]:
        """The ids (`agreement_id`) of the agreements assigned to the user for `kind`."""
        ...


class Rules(Protocol):
    """The questions a rule set answers; `user` is a Django user (or AnonymousUser)."""

    def visible(self, user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]: ...
    def sees_all(self, user: Any, model: type[Model]) -> bool: ...
    def can_view(self, user: Any, record: Model) -> bool: ...
    def can_change(self, user: Any, record: Model) -> bool: ...
    def can_create(self, user: Any, model: type[Model], agreement: Any = None) -> bool: ...
    def is_administrator(self, user: Any) -> bool: ...
    def reads_only(self, user: Any) -> bool: ...


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


READ_ONLY = gettext_lazy(
    "You may only read: your role changes no records. Ask an administrator for an officer's or a "
    "contributor's membership."
)


def require_change(user: Any, record: Model) -> None:
    """Raise PermissionDenied, saying which record and why, unless the user may change it."""
    if can_change(user, record):
        return
    if rules().reads_only(user):
        raise PermissionDenied(str(READ_ONLY))
    raise PermissionDenied(
        _("You may not change this %(model)s (%(uid)s): it belongs to a province you do not edit.")
        % {"model": record._meta.verbose_name, "uid": getattr(record, "uid", record.pk)}
    )


def require_create(user: Any, model: type[Model], agreement: Any = None) -> None:
    """Raise PermissionDenied, saying why, unless the user may create such a record."""
    if can_create(user, model, agreement):
        return
    if rules().reads_only(user):
        raise PermissionDenied(str(READ_ONLY))
    if agreement is not None:
        raise PermissionDenied(
            _(
                "You may not add a %(model)s to %(target)s %(uid)s: it is not in a province you edit, "
                "nor assigned to you."
            )
            % {
                "model": model._meta.verbose_name,
                "target": agreement._meta.verbose_name,
                "uid": agreement.uid,
            }
        )
    raise PermissionDenied(
        _("You may not add a %(model)s: your role adds them only under an agreement assigned to you.")
        % {"model": model._meta.verbose_name}
    )


@dataclass(frozen=True)
class UserRights:
    """A user's rights as the domain services ask them (hoptac.core.rights.Rights)."""

    user: Any

    def visible(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The part of the queryset the user may see."""
        return visible(self.user, queryset)

    def require_change(self, record: Model) -> None:
        """Raise PermissionDenied unless the user may change the record."""
        require_change(self.user, record)

    def require_create(self, model: type[Model], agreement: Any = None) -> None:
        """Raise PermissionDenied unless the user may add such a record (under this agreement)."""
        require_create(self.user, model, agreement)


def rights_of(user: Any) -> UserRights:
    """The rights the services check for this user."""
    return UserRights(user)


def delete_record(record: Model, user: Any, *, hard: bool = False) -> Any:
    """The one audited delete (a tombstone to undo and an audit row), plugged in from above like the rules."""
    return import_string(getattr(settings, "HOPTAC_DELETE_RECORD", DEFAULT_DELETER))(record, user, hard=hard)
