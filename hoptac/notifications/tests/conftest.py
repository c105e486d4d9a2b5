"""Fixtures: the demo registry on a fixed day, an officer with an e-mail address."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

DAY = dt.date(2026, 3, 15)  # the Kon Tum – Stung Treng review of 2025 is overdue on this day


@pytest.fixture
def demo(db: Any, monkeypatch: pytest.MonkeyPatch) -> dt.date:
    from django.utils import timezone

    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: DAY)
    import_registry(json.loads(DEMO_FILE.read_text(encoding="utf-8")))
    return DAY


@pytest.fixture
def officer(db: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        username="chuyenvien", password="a-long-password-123", email="chuyenvien@songv.kontum.gov.vn"
    )
