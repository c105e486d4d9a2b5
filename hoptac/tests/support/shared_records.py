"""Records made once for a test module, in a transaction rolled back when the module is done.

Each test of the module still runs in its own savepoint inside that transaction (pytest-django's `db`),
so what a test changes is undone before the next; only the making is shared. For modules whose tests
all run in transactions (no `transaction=True`, no live server): those would empty the tables under it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.test import override_settings

# Quick password hashing for tests not about hashing (Argon2 costs 0.1–0.3 s a hash by design).
QUICK_HASHING = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]


@contextmanager
def shared_records(django_db_blocker: Any) -> Iterator[None]:
    """Open the module's transaction (the database unblocked while it is open); roll it back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=QUICK_HASHING):
                yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
