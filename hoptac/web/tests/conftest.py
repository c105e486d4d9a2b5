"""Fixtures for the page tests: the demo registry, a signed-in officer, a fixed 'today'."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

TODAY = dt.date(2026, 3, 15)


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Pin 'today' (statuses, reviews due, progress) so the assertions do not drift with the calendar."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return TODAY


@pytest.fixture
def demo(db: Any, fixed_today: dt.date) -> None:
    """The demo registry: 7 agreements of Kon Tum and Thừa Thiên Huế with Lao and Cambodian partners."""
    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry

    import_registry(json.loads(DEMO_FILE.read_text(encoding="utf-8")))


@pytest.fixture
def admin_user(db: Any) -> Any:
    """An administrator: sees and changes everything."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(username="chuyenvien", password="a-long-password-123")


@pytest.fixture
def admin_client(client: Any, admin_user: Any) -> Any:
    """A test client signed in as the administrator."""
    client.force_login(admin_user)
    return client


@pytest.fixture
def officer(db: Any) -> Any:
    """A province officer of Kon Tum (VN-28) only."""
    from django.contrib.auth import get_user_model

    from hoptac.accounts.models import Membership

    user = get_user_model().objects.create_user(username="kontum", password="a-long-password-123")
    Membership.objects.create(user=user, role="officer").places.set(["VN-28"])
    return user


def agreement_uid(title_part: str) -> str:
    """The public id of the demo agreement whose title contains the text."""
    from hoptac.agreements.models import Agreement

    return str(Agreement.objects.get(title__contains=title_part).uid)
