"""Server time of each main page with the demo data: Django's test client, median of repeated runs.

Usage: .venv/bin/python bench/pages.py [--rounds N] [--scale K]

A fresh SQLite database in a temporary directory is filled with the demo registry (7 agreements);
--scale K adds K generated agreements (with a commitment and an activity each) to see how the
pages grow. Times are the whole request inside Django (middleware, queries, templates), without
network or browser. Query counts are printed too.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(scale: int) -> None:
    os.environ["HOPTAC_VAR_DIR"] = tempfile.mkdtemp(prefix="hoptac-bench-")
    os.environ.pop("HOPTAC_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from hoptac.activities.services import create_activity
    from hoptac.agreements.commitments import create_commitment
    from hoptac.agreements.services import create_agreement
    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry

    call_command("migrate", interactive=False, verbosity=0)
    import_registry(json.loads(DEMO_FILE.read_text(encoding="utf-8")))
    partners = ["LA-XE", "LA-AT", "LA-CH", "LA-SV", "LA-SL", "KH-19", "KH-16"]
    for i in range(scale):
        agreement = create_agreement(
            {
                "title": f"Thỏa thuận hợp tác thử nghiệm số {i}",
                "signed_on": f"{2010 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "period_start": str(2010 + i % 15),
                "period_end": str(2015 + i % 15),
                "review_every_years": 2,
                "fields": ["economy", "health"],
                "parties": [{"place": "VN-28"}, {"place": partners[i % len(partners)]}],
            }
        )
        create_commitment(
            agreement,
            {
                "giver": "VN-28",
                "receiver": partners[i % len(partners)],
                "quantity": 10,
                "unit": "scholarship",
                "period_start": str(2010 + i % 15),
                "period_end": str(2015 + i % 15),
            },
        )
        create_activity(
            {
                "kind": "visit",
                "title": f"Đoàn thử nghiệm {i}",
                "date": f"{2010 + i % 15}-05-0{1 + i % 9}",
                "parties": ["VN-28", partners[i % len(partners)]],
                "agreements": [str(agreement.uid)],
            }
        )
    get_user_model().objects.create_superuser(username="bench", email="", password="bench-password-123")


def main() -> int:
    """Print a Markdown table: page, median ms, queries."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--scale", type=int, default=0)
    args = parser.parse_args()
    _setup(args.scale)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hoptac.agreements.models import Agreement

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username="bench"))
    xe = Agreement.objects.get(title__contains="Sê Kông giai đoạn 2022-2027")
    pages = [
        ("dashboard", "/"),
        ("agreements", "/agreements/"),
        ("agreements, search 'se kong'", "/agreements/?q=se+kong"),
        ("agreements, htmx fragment", "/agreements/?q=se+kong"),
        ("agreement (Kon Tum – Sê Kông)", f"/agreements/{xe.uid}/"),
        ("place LA-XE", "/places/LA-XE/"),
        ("place VN-28", "/places/VN-28/"),
        ("activities", "/activities/"),
        ("calendar", "/calendar/?year=2027"),
        ("calendar.ics", "/calendar.ics"),
        ("search 'kon tum'", "/search/?q=kon+tum"),
    ]
    print(f"| page | median ms ({args.rounds} runs) | queries |")
    print("| --- | ---: | ---: |")
    for name, url in pages:
        headers: dict[str, Any] = {"HTTP_HX_REQUEST": "true"} if "htmx" in name else {}
        client.get(url, **headers)  # warm the template and translation caches
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            response = client.get(url, **headers)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, **headers)
        print(f"| {name} | {statistics.median(times):.1f} | {len(queries.captured_queries)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
