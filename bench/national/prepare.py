"""Make the national database ready to measure: build it when it is missing, migrate it when it is behind.

    .venv/bin/python -m bench.national.prepare

A missing database is built (bench.national.build: ten minutes of both cores); an existing one whose
migrations are behind the code is migrated, not rebuilt, and the tables a migration touched analysed.
"""

from __future__ import annotations

import subprocess
import sys
import time

from bench.national.common import ROOT, database_url, maintenance_url, setup


def exists(url: str) -> bool:
    """Whether the database of the URL exists on its server."""
    import psycopg

    admin, name = maintenance_url(url)
    with psycopg.connect(admin, connect_timeout=10) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def pending() -> list[str]:
    """The migrations the code has that the database has not applied (Django set up)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def main() -> None:
    """Build, migrate or leave the database as it is, and say which."""
    url = database_url()
    if not exists(url):
        print(f"{url}: missing; building it (bench.national.build)")
        subprocess.run([sys.executable, "-m", "bench.national.build"], cwd=ROOT, check=True)
        return
    setup(url)
    behind = pending()
    if not behind:
        print(f"{url}: present, migrations up to date")
        summarise()
        return
    from django.core.management import call_command
    from django.db import connection

    print(f"{url}: migrating ({', '.join(behind)})")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # new columns and indexes get statistics before the first plan
    print(f"migrated in {time.perf_counter() - started:.1f} s")
    summarise()


def summarise() -> None:
    """Bring the summary tables up to date now, so the first page measured does not pay for it."""
    from django.db import transaction

    from hoptac.summaries import services

    started = time.perf_counter()
    with transaction.atomic():
        services.ensure_current()
    print(f"summaries current ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
