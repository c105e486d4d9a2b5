"""(a) Build the national dataset in a fresh PostgreSQL database and report rows and time.

.venv/bin/python -m bench.national.build [--scale national] [--seed 1] [--keep]
"""

from __future__ import annotations

import argparse
import time

from bench.national.common import database_url, recreate_database, setup, write_result


def main() -> None:
    """Recreate the database, migrate, run the synth build, print row counts, time and size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="national")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    url = database_url()
    recreate_database(url)
    setup(url)
    from django.core.management import call_command
    from django.db import connection

    from hoptac.synth.build import build

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter() - started
    result = build(args.scale, args.seed)
    vacuumed = time.perf_counter()
    with connection.cursor() as cursor:
        # As autovacuum leaves a database in service: visibility maps set, so index-only scans need no
        # heap visits (a fresh COPY leaves them unset and the first page views pay for it).
        cursor.execute("VACUUM ANALYZE")
        vacuumed = time.perf_counter() - vacuumed
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    lines = [f"{table:40} {count:>12,}" for table, count in sorted(result.counts.items())]
    lines.append(f"{'total rows':40} {result.rows:>12,}")
    lines.append(
        f"migrate: {migrated:.1f} s; synth --scale {args.scale} --seed {args.seed}: {result.seconds:.1f} s"
    )
    lines.append(
        f"rows/s: {result.rows / result.seconds:,.0f}; VACUUM ANALYZE: {vacuumed:.1f} s; database size: {size}"
    )
    text = "\n".join(lines)
    print(text)
    write_result(f"build-{args.scale}", text)


if __name__ == "__main__":
    main()
