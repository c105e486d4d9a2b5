"""A database router that sends reads to a streaming replica and writes to the primary (off by default).

Switch it on in settings (docs/deploy.md):

    DATABASES["replica"] = dj_database_url.parse(os.environ["HOPTAC_REPLICA_DATABASE_URL"])
    DATABASE_ROUTERS = ["replica_router.ReplicaRouter"]   # with deploy/ on PYTHONPATH

A request that has written (or runs inside a transaction, as every request does with
ATOMIC_REQUESTS) keeps reading the primary, so an officer always sees the change just made; the
replica serves the read-only traffic: API lists, reports, the ICS calendar and exports.
"""

from __future__ import annotations

from typing import Any

from django.db import connections


class ReplicaRouter:
    """Reads on "replica" unless the primary is inside a transaction; writes and migrations on "default"."""

    replica = "replica"

    def db_for_read(self, model: Any, **hints: Any) -> str:
        primary = connections["default"]
        if self.replica not in connections.databases or primary.in_atomic_block:
            return "default"
        return self.replica

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # both databases hold the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
