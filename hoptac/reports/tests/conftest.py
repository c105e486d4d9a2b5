"""Fixtures for the report tests: the demo registry and the Kon Tum – Attapeu – Sê Kông report."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

PARTNERS = ["VN-28", "LA-AT", "LA-XE"]
START, END = dt.date(2022, 1, 1), dt.date(2024, 12, 31)


@pytest.fixture
def demo(db: Any) -> None:
    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry

    import_registry(json.loads(DEMO_FILE.read_text()))


@pytest.fixture
def options() -> Any:
    from hoptac.reports.services import ReportOptions

    return ReportOptions(number="05/BC-SNgV", date=dt.date(2025, 1, 5), signer="Nguyễn Văn An")


@pytest.fixture
def report(demo: None, options: Any) -> Any:
    from hoptac.reports.services import build_report

    return build_report(partners=PARTNERS, start=START, end=END, options=options)
