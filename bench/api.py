"""Server time of each API list and detail endpoint on the demo data (in-process Django test client).

Usage: .venv/bin/python bench/api.py [--runs N] [--database-url URL]

Builds a throw-away SQLite database (or uses the PostgreSQL URL given, which must be an empty
database it may create tables in), loads the demo registry, signs in an administrator and prints
the median and 95th-percentile time of N requests per endpoint, with the number of SQL queries.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(database_url: str | None) -> None:
    os.environ["HOPTAC_VAR_DIR"] = tempfile.mkdtemp(prefix="hoptac-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    if database_url:
        os.environ["HOPTAC_DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    """Time every list and detail endpoint and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    _setup(args.database_url)

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement, Commitment
    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry
    from hoptac.figures.models import Figure
    from hoptac.people.models import Person
    from hoptac.sources.models import Provenance, Source

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    import_registry(json.loads(DEMO_FILE.read_text()))
    admin = get_user_model().objects.create_superuser("bench", password="bench-password-1")
    client = Client()
    client.force_login(admin)

    xe = Agreement.objects.filter(folded__contains="se kong").order_by("-signed_on").first()
    linked = Provenance.objects.first()
    samples = {
        "agreement": Agreement.objects.order_by("pk").first(),
        "commitment": Commitment.objects.order_by("pk").first(),
        "activity": Activity.objects.order_by("pk").first(),
        "figure": Figure.objects.order_by("pk").first(),
        "person": Person.objects.order_by("pk").first(),
        "source": Source.objects.order_by("pk").first(),
    }
    api = "/api/v1"
    paths = [
        f"{api}/agreements/",
        f"{api}/agreements/?q=se%20kong",
        f"{api}/agreements/?status=in_force",
        f"{api}/agreements/{xe.uid if xe else samples['agreement'].uid}",  # type: ignore[union-attr]
        f"{api}/commitments/",
        f"{api}/commitments/{samples['commitment'].uid}",  # type: ignore[union-attr]
        f"{api}/activities/",
        f"{api}/activities/?year=2024",
        f"{api}/activities/{samples['activity'].uid}",  # type: ignore[union-attr]
        f"{api}/figures/?limit=100",
        f"{api}/figures/{samples['figure'].uid}",  # type: ignore[union-attr]
        f"{api}/people/",
        f"{api}/people/{samples['person'].uid}",  # type: ignore[union-attr]
        f"{api}/sources/",
        f"{api}/sources/{samples['source'].uid}",  # type: ignore[union-attr]
        f"{api}/places/?limit=100",
        f"{api}/places/?q=se%20kong",
        f"{api}/places/VN-28",
        f"{api}/fields/",
        f"{api}/metrics/",
    ]
    if linked is not None:
        paths.append(f"{api}/sources/provenance/{linked.record.uid}")  # type: ignore[union-attr]

    print(f"database: {connection.vendor}; {args.runs} runs per endpoint; times in ms")
    print(f"| {'endpoint':<58} | {'items':>5} | {'queries':>7} | {'median':>7} | {'p95':>7} |")
    print(f"| {'-' * 58} | {'-' * 5}:| {'-' * 7}:| {'-' * 7}:| {'-' * 7}:|")
    for path in paths:
        client.get(path)  # warm caches (URL resolver, schema models) once
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        data = response.json()
        items = (
            len(data["items"])
            if isinstance(data, dict) and "items" in data
            else len(data)
            if isinstance(data, list)
            else 1
        )
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
        shown = path.removeprefix(api)
        shown = shown if len(shown) <= 58 else shown[:22] + "…" + shown[-35:]
        print(
            f"| {shown:<58} | {items:>5} | {len(queries):>7} | {statistics.median(times):>7.1f} | {p95:>7.1f} |"
        )


if __name__ == "__main__":
    main()
