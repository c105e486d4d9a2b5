"""Calendar programs subscribe to the feed by an address carrying an API token; a revoked token closes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_feed_by_token_without_signing_in(admin_user: Any, demo: None) -> None:
    from hoptac.accounts.tokens import create_token, revoke_token

    token, secret = create_token(admin_user, "read", name="lịch")
    client = Client()
    response = client.get("/calendar.ics", {"token": secret})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in body
    # The same feed as the signed-in user gets.
    signed_in = Client()
    signed_in.force_login(admin_user)
    assert signed_in.get("/calendar.ics").content.decode().count("BEGIN:VEVENT") == body.count("BEGIN:VEVENT")

    revoke_token(token, admin_user)
    closed = client.get("/calendar.ics", {"token": secret})
    assert closed.status_code == 403 and "mã truy cập API" in closed.content.decode()


def test_feed_without_token_or_session_asks_to_sign_in(db: Any) -> None:
    response = Client().get("/calendar.ics")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert Client().get("/calendar.ics", {"token": "htk_not-a-token"}).status_code == 403


def test_a_token_shows_only_what_its_user_may_see(admin_user: Any, demo: None) -> None:
    from django.contrib.auth import get_user_model

    from hoptac.accounts.tokens import create_token
    from hoptac.agreements.models import Agreement

    hidden = Agreement.objects.filter(period_end__startswith="2027").first()
    assert hidden is not None
    Agreement.objects.filter(pk=hidden.pk).update(confidential=True)
    viewer = get_user_model().objects.create_user(username="nguoixem", password="a-long-password-123")
    _, secret = create_token(viewer, "read")
    body = Client().get("/calendar.ics", {"token": secret}).content.decode().replace("\r\n ", "")
    assert f"end-{hidden.uid}" not in body
    _, admin_secret = create_token(admin_user, "read")
    admin_body = Client().get("/calendar.ics", {"token": admin_secret}).content.decode().replace("\r\n ", "")
    assert f"end-{hidden.uid}" in admin_body
