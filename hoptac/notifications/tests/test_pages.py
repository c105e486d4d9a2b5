"""The user's own pages: feed addresses and tokens, notifications, reminder choices."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_make_a_feed_address_use_it_and_revoke_it(officer: Any, demo: dt.date) -> None:
    from django.contrib.auth import get_user_model

    from hoptac.accounts.models import ApiToken

    client = signed_in(officer)
    page = client.post("/me/tokens", {"scope": "feed", "name": "Outlook"}).content.decode()
    address = re.search(r'value="(http://testserver/calendar/hoptac_[^"]+\.ics)"', page)
    assert address, "the new feed address is shown once"
    path = address.group(1).removeprefix("http://testserver")
    assert Client().get(path).status_code == 200
    assert "hoptac_" not in client.get("/me/tokens").content.decode().replace(f"{officer.username}", "")
    token = ApiToken.objects.get(user=officer)
    other = get_user_model().objects.create_user(username="khac", password="a-long-password-123")
    assert signed_in(other).post(f"/me/tokens/{token.prefix}/revoke").status_code == 404
    assert client.post(f"/me/tokens/{token.prefix}/revoke").status_code == 302
    assert Client().get(path).status_code == 403


def test_a_bad_scope_says_what_to_choose(officer: Any) -> None:
    response = signed_in(officer).post("/me/tokens", {"scope": "all"})
    assert response.status_code == 422 and "feed" in response.content.decode()


def test_notifications_read_and_unread(officer: Any, demo: dt.date) -> None:
    from hoptac.notifications import services

    services.remind(demo)
    client = signed_in(officer)
    page = client.get("/me/").content.decode()
    assert "Sơ kết quá hạn từ năm 2025" in page and 'class="badge"' in page
    assert client.post("/me/read-all").status_code == 302
    assert services.unread_count(officer) == 0
    assert "Mới" not in client.get("/me/?unread=1").content.decode().split("<main", 1)[1]


def test_choose_how_often(officer: Any) -> None:
    from hoptac.notifications.services import settings_of

    client = signed_in(officer)
    data = {"language": "en", "review": "weekly", "expiry": "off", "behind": "daily", "planned": "daily"}
    assert client.post("/me/preferences", {**data, "deadline": "daily"}).status_code == 302
    chosen = settings_of(officer)
    assert (chosen.language, chosen.review, chosen.expiry) == ("en", "weekly", "off")
    assert client.get("/me/preferences").status_code == 200
