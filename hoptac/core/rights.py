"""What the acting user may see and change, as the domain services ask it.

The services sit below the permission rules (`hoptac.accounts.permissions`), so they do not import
them: the caller (an endpoint, a page, a command) passes a `Rights` for its user, and the service
checks it on the result of the change, resolving every id the user sends through `rights.visible`.
A service called without rights (imports of a whole registry, undo, tests) trusts its caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


class Rights(Protocol):
    """The acting user's rights (hoptac.accounts.permissions.rights_of builds one)."""

    def visible(self, queryset: QuerySet[M]) -> QuerySet[M]:
        """The part of the queryset the user may see."""
        ...

    def require_change(self, record: Model) -> None:
        """Raise PermissionDenied unless the user may change the record."""
        ...

    def require_create(self, model: type[Model], agreement: Any = None) -> None:
        """Raise PermissionDenied unless the user may add such a record (under this agreement)."""
        ...


def within(rights: Rights | None, model: type[M]) -> QuerySet[M]:
    """Where the ids a user sends are looked up: the records they may see (all without rights)."""
    queryset: QuerySet[M] = model._default_manager.all()
    return queryset if rights is None else rights.visible(queryset)


def require_links(
    rights: Rights | None, model: type[Model], before: Iterable[Any], after: Iterable[Any]
) -> None:
    """Every agreement or commitment linked or unlinked must be one the user may add a `model` to."""
    if rights is None:
        return
    old, new = set(before), set(after)
    for target in sorted(old ^ new, key=lambda r: r.pk):
        rights.require_create(model, agreement=target)
