"""Caching what is expensive to derive (reviews due, commitments behind, activities per year) until the registry changes.

Every committed change to a registry model raises one number (`RegistryVersion`), after the commit,
so no lock is held by writers; a cached answer is keyed on that number, the day and who asks, and is
recomputed after any change. Within a transaction that has changed something and not yet committed
(an edit form's request, a test) the cache is bypassed, so a page always shows the request's own
changes. Writers that bypass the ORM (COPY in `hoptac synth`, bulk imports) call `changed()` themselves.

Refresh ahead: after a change this process committed, what was asked for recently is recomputed in a
background thread (a moment later, once for a burst of changes), so the next visitor of the dashboard
or the calendar finds it ready instead of waiting a second for it. Nothing stale is ever served: a
request that comes before the refresh is done computes for itself, as without it.

With a shared cache (Redis) the refresh is a queued task instead ("queue" mode): the pages note in the
shared cache what was asked for, by a name registered with `warmer` and plain arguments, and after a
change any worker process makes those pages again, so every app process finds them ready.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models import F, signals

T = TypeVar("T")

# The apps whose records the pages derive figures from (sessions and login attempts are not among them).
WATCHED_APPS = frozenset({"places", "people", "sources", "agreements", "activities", "figures", "accounts"})
TIMEOUT_S = 3600
REFRESH_AFTER_S = 1.0  # a burst of changes (an import, a form's several records) is refreshed for once
RECENT_S = 900  # what was asked for in the last quarter of an hour is refreshed after a change
RECENT_MAX = 40  # and at most this many entries, the most recently asked for first

log = logging.getLogger(__name__)
Ident = tuple[str, str, str]  # (name, audience, day)
_recent: dict[Ident, tuple[Callable[[], Any], float]] = {}
_lock = threading.Lock()
_timer: threading.Timer | None = None  # planned and not started yet
_started: list[threading.Timer] = []  # for wait_for_refresh()
# Queue mode: how each page is made again from plain values, and how a refresh is queued (set by the
# task app, which sits above this module).
_warmers: dict[str, Callable[..., Any]] = {}
_enqueue: Callable[[float], None] | None = None
_local = threading.local()  # .warming: a refresh is making pages (they are not "asked for" again)
RECENT_KEY = "hoptac:recent-pages"
PLANNED_KEY = "hoptac:refresh-planned"


def _bump() -> None:
    from hoptac.core.models import RegistryVersion

    if not RegistryVersion.objects.filter(pk=1).update(number=F("number") + 1):
        RegistryVersion.objects.get_or_create(pk=1, defaults={"number": 1})
    _schedule()


def pending() -> bool:
    """Has the current transaction changed the registry without committing yet?"""
    return any(entry[1] is _bump for entry in connection.run_on_commit)


_pending = pending
# Run first by every refresh after a change (the summary tables are rebuilt before the pages that read them).
_before_refresh: list[Callable[[], Any]] = []


def before_refresh(function: Callable[[], Any]) -> None:
    """Have `function` run first in every refresh after a change (called once by an app that keeps summaries)."""
    if function not in _before_refresh:
        _before_refresh.append(function)


def _run_before_refresh() -> None:
    for function in _before_refresh:
        function()


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


def _key(ident: Ident, number: int) -> str:
    # Hashed: names carry URLs and tuples, which some cache backends refuse in keys.
    text = f"{ident[0]}|{number}|{ident[1]}|{ident[2]}"
    return "hoptac:" + hashlib.sha256(text.encode()).hexdigest()


def cached(name: str, user: Any, day: dt.date, compute: Callable[[], T]) -> T:
    """`compute()`, remembered until the registry changes (or for an hour), per audience and day."""
    if _pending():
        return compute()
    ident = (name, audience(user), day.isoformat())
    if _mode() in ("thread", "inline"):
        with _lock:
            _recent[ident] = (compute, time.monotonic())
            if len(_recent) > 10 * RECENT_MAX:  # a long stretch without changes: forget the old ones here too
                _forget_old()
    key = _key(ident, version())
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT_S)
    return found


def _mode() -> str:
    return str(getattr(settings, "HOPTAC_CACHE_REFRESH", "thread"))


def _schedule() -> None:
    """Refresh what was asked for recently, in the background (HOPTAC_CACHE_REFRESH: thread, inline,
    queue, off)."""
    global _timer
    mode = _mode()
    if mode == "queue":
        # One queued refresh for a burst of changes, whichever process made them; the flag expires
        # in case no worker ever takes it.
        if _enqueue is not None and cache.add(PLANNED_KEY, 1, 60):
            _enqueue(REFRESH_AFTER_S)
    elif mode == "inline":
        refresh()
    elif mode == "thread":
        with _lock:
            # Nothing asked for and no summaries kept: no thread. One planned covers this change too.
            if not (_recent or _before_refresh) or _timer is not None:
                return
            _timer = threading.Timer(REFRESH_AFTER_S, _in_background)
            _timer.daemon = True
            _timer.start()
            # Finished ones forgotten as new ones start: a long-lived worker would keep every one.
            _started[:] = [*(t for t in _started if t.is_alive()), _timer]


def _in_background() -> None:
    global _timer
    with _lock:
        _timer = None
    try:
        refresh()
    except Exception:  # a failed refresh only means the next visitor computes for itself
        log.exception("refreshing cached pages failed")
    finally:
        connections.close_all()  # this thread's own connections


def _forget_old() -> None:
    """Drop what nobody asked for within RECENT_S (the caller holds _lock)."""
    now = time.monotonic()
    for ident in [i for i, (_c, asked) in _recent.items() if now - asked > RECENT_S]:
        del _recent[ident]


def refresh() -> int:
    """Compute, for the current version, every entry asked for recently that is not cached yet; how many."""
    _run_before_refresh()
    with _lock:
        _forget_old()
        wanted = sorted(_recent.items(), key=lambda item: -item[1][1])[:RECENT_MAX]
    number, done = version(), 0
    for ident, (compute, _asked) in wanted:
        key = _key(ident, number)
        if cache.get(key) is None:
            cache.set(key, compute(), TIMEOUT_S)
            done += 1
    return done


def wait_for_refresh(timeout: float = 30.0) -> None:
    """Wait until every planned background refresh has run (for tests and benchmarks)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            running = [t for t in _started if t.is_alive()]
            _started[:] = running
        if not running:
            return
        running[0].join(max(0.0, deadline - time.monotonic()))


def warmer(name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Register how a page is made again from (user, day, *plain arguments), for queue mode."""

    def register(function: Callable[..., T]) -> Callable[..., T]:
        _warmers[name] = function
        return function

    return register


def set_queue(enqueue: Callable[[float], None]) -> None:
    """How a refresh is queued (called once by the task app): enqueue(delay in seconds)."""
    global _enqueue
    _enqueue = enqueue


def asked(name: str, user: Any, day: dt.date, *args: Any) -> None:
    """Note in the shared cache that a page was asked for (queue mode), so a worker makes it after a change."""
    if _mode() != "queue" or getattr(_local, "warming", False):
        return
    entry = json.dumps([name, getattr(user, "pk", None), day.isoformat(), list(args)])
    now = time.time()
    recent: dict[str, float] = cache.get(RECENT_KEY) or {}
    if now - recent.get(entry, 0.0) < 60:  # written at most once a minute per page, not per request
        return
    recent[entry] = now
    # Lossy under concurrent writers by design: a page missed here is computed by its next visitor.
    newest = sorted(((t, e) for e, t in recent.items() if now - t <= RECENT_S), reverse=True)[:RECENT_MAX]
    cache.set(RECENT_KEY, {e: t for t, e in newest}, RECENT_S)


def refresh_shared() -> int:
    """Make again, for the current version, every page asked for recently in any process; how many."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    cache.delete(PLANNED_KEY)  # a change from now on queues another refresh
    _run_before_refresh()
    recent: dict[str, float] = cache.get(RECENT_KEY) or {}
    users = get_user_model().objects.in_bulk({json.loads(e)[1] for e in recent} - {None})
    done = 0
    _local.warming = True
    try:
        for entry in sorted(recent, key=lambda e: -recent[e]):
            name, pk, day, args = json.loads(entry)
            user = users.get(pk) if pk is not None else AnonymousUser()
            if name in _warmers and user is not None:
                _warmers[name](user, dt.date.fromisoformat(day), *args)
                done += 1
    finally:
        _local.warming = False
    return done


def _on_change(sender: Any, **kwargs: Any) -> None:
    if sender._meta.app_label in WATCHED_APPS:
        changed()


def connect() -> None:
    """Listen to every save, delete and many-to-many change (called once from CoreConfig.ready)."""
    signals.post_save.connect(_on_change, dispatch_uid="hoptac-freshness-save")
    signals.post_delete.connect(_on_change, dispatch_uid="hoptac-freshness-delete")
    signals.m2m_changed.connect(_on_change, dispatch_uid="hoptac-freshness-m2m")
