"""Calendar programs subscribe to a user's own feed address (a feed token); a revoked token closes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def events(body: bytes) -> dict[str, str]:
    """The feed read by a real iCalendar parser: each event's UID and summary."""
    import icalendar

    parsed = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): str(e["SUMMARY"]) for e in parsed.walk("VEVENT")}


def test_the_feed_address_works_without_signing_in(
    admin_user: Any, demo: None, caplog: pytest.LogCaptureFixture
) -> None:
    from hoptac.accounts.tokens import create_token, revoke_token

    token, secret = create_token(admin_user, "feed", name="lịch")
    client = Client()  # a calendar program: a plain GET, no cookies
    response = client.get(f"/calendar/{secret}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    found = events(response.content)
    assert found
    # The same feed as the signed-in user gets.
    signed_in = Client()
    signed_in.force_login(admin_user)
    assert events(signed_in.get("/calendar.ics").content) == found
    assert Client().get("/calendar.ics", {"token": secret}).status_code == 200  # addresses of before

    revoke_token(token, admin_user)
    closed = client.get(f"/calendar/{secret}.ics")
    assert closed.status_code == 403 and "địa chỉ" in closed.content.decode()
    # The refusal is logged ("Forbidden: /calendar/…"), with the prefix and without the secret.
    assert token.prefix in caplog.text and secret not in caplog.text


def test_an_api_token_does_not_open_the_feed_and_a_feed_token_not_the_api(
    admin_user: Any, demo: None
) -> None:
    from hoptac.accounts.tokens import create_token

    _, api_secret = create_token(admin_user, "write")
    assert Client().get(f"/calendar/{api_secret}.ics").status_code == 403
    assert Client().get("/calendar.ics", {"token": api_secret}).status_code == 403
    _, feed_secret = create_token(admin_user, "feed")
    api = Client().get("/api/v1/agreements/", HTTP_AUTHORIZATION=f"Bearer {feed_secret}")
    assert api.status_code == 401


def test_feed_without_token_or_session_asks_to_sign_in(db: Any) -> None:
    response = Client().get("/calendar.ics")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert Client().get("/calendar.ics", {"token": "htk_not-a-token"}).status_code == 403
    assert Client().get("/calendar/hoptac_12345678_not-a-real-secret-at-all.ics").status_code == 403


def test_a_feed_shows_only_what_its_user_may_see(admin_user: Any, demo: None) -> None:
    from django.contrib.auth import get_user_model

    from hoptac.accounts.tokens import create_token
    from hoptac.agreements.models import Agreement

    hidden = Agreement.objects.filter(period_end__startswith="2027").first()
    assert hidden is not None
    Agreement.objects.filter(pk=hidden.pk).update(confidential=True)
    viewer = get_user_model().objects.create_user(username="nguoixem", password="a-long-password-123")
    _, secret = create_token(viewer, "feed")
    seen = events(Client().get(f"/calendar/{secret}.ics").content)
    assert f"end-{hidden.uid}@hoptac" not in seen
    assert hidden.title not in " ".join(seen.values())
    _, admin_secret = create_token(admin_user, "feed")
    assert f"end-{hidden.uid}@hoptac" in events(Client().get(f"/calendar/{admin_secret}.ics").content)


def test_gunicorn_access_lines_carry_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    from gunicorn.glogging import Logger

    from hoptac.core.logs import GunicornLogger

    secret = "hoptac_1a2b3c4d_" + "s" * 43
    line = {"r": f"GET /calendar/{secret}.ics HTTP/1.1", "U": f"/calendar/{secret}.ics", "s": 200}
    monkeypatch.setattr(Logger, "atoms", lambda *args: dict(line))
    atoms = GunicornLogger.atoms(object.__new__(GunicornLogger), None, None, {}, None)
    assert "hoptac_1a2b3c4d_[redacted]" in atoms["r"] and secret not in str(atoms) and atoms["s"] == 200
