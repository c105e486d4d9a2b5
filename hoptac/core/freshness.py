"""Caching what is expensive to derive (reviews due, commitments behind, activities per year) until the registry changes.

Every committed change to a registry model raises one number (`RegistryVersion`), after the commit,
so no lock is held by writers; a cached answer is keyed on that number, the day and who asks, and is
recomputed after any change. Within a transaction that has changed something and not yet committed
(an edit form's request, a test) the cache is bypassed, so a page always shows the request's own
changes. Writers that bypass the ORM (COPY in `hoptac synth`, bulk imports) call `changed()` themselves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, signals

T = TypeVar("T")

# The apps whose records the pages derive figures from (sessions and login attempts are not among them).
WATCHED_APPS = frozenset({"places", "people", "sources", "agreements", "activities", "figures", "accounts"})
TIMEOUT_S = 3600


def _bump() -> None:
    from hoptac.core.models import RegistryVersion

    if not RegistryVersion.objects.filter(pk=1).update(number=F("number") + 1):
        RegistryVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def _pending() -> bool:
    """Has the current transaction changed the registry without committing yet?"""
    return any(entry[1] is _bump for entry in connection.run_on_commit)


def changed() -> None:
    """Say the registry changed: the version is raised once the current transaction commits."""
    if not _pending():
        transaction.on_commit(_bump, robust=True)


def version() -> int:
    """The registry's current version number (0 before the first change)."""
    from hoptac.core.models import RegistryVersion

    return RegistryVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def audience(user: Any) -> str:
    """Who sees the same records: every administrator alike, anyone else by their own rights."""
    return "all" if getattr(user, "is_superuser", False) else f"user-{getattr(user, 'pk', None)}"


def cached(name: str, user: Any, day: dt.date, compute: Callable[[], T]) -> T:
    """`compute()`, remembered until the registry changes (or for an hour), per audience and day."""
    if _pending():
        return compute()
    # Hashed: names carry URLs and tuples, which some cache backends refuse in keys.
    text = f"{name}|{version()}|{audience(user)}|{day.isoformat()}"
    key = "hoptac:" + hashlib.sha256(text.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT_S)
    return found


def _on_change(sender: Any, **kwargs: Any) -> None:
    if sender._meta.app_label in WATCHED_APPS:
        changed()


def connect() -> None:
    """Listen to every save, delete and many-to-many change (called once from CoreConfig.ready)."""
    signals.post_save.connect(_on_change, dispatch_uid="hoptac-freshness-save")
    signals.post_delete.connect(_on_change, dispatch_uid="hoptac-freshness-delete")
    signals.m2m_changed.connect(_on_change, dispatch_uid="hoptac-freshness-m2m")
