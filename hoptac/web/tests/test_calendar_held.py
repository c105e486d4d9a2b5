"""The calendar and its feed show held activities beside the planned ones, and the feed is named in Vietnamese."""

from __future__ import annotations

from typing import Any

import pytest

from hoptac.web.tests.test_pages import text_of

pytestmark = pytest.mark.django_db


def test_held_activities_are_on_the_calendar(admin_client: Any, demo: None) -> None:
    page = text_of(admin_client.get("/calendar/?year=2024"))
    assert "hoạt động đã tổ chức" in page
    assert "Hội nghị sơ kết Bản ghi nhớ hợp tác Kon Tum – Attapeu – Sê Kông" in page


def test_the_feed_is_named_in_vietnamese(admin_client: Any, demo: None) -> None:
    feed = admin_client.get("/calendar.ics").content.decode()
    assert "X-WR-CALNAME:Lịch hợp tác quốc tế" in feed


def test_english_months_have_names(admin_client: Any, demo: None) -> None:
    page = text_of(admin_client.get("/calendar/?year=2024", HTTP_ACCEPT_LANGUAGE="en"))
    assert "December" in page and "Month 12" not in page
