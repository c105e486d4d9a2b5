"""Sign-in hardening: Argon2, lockout after failures, CSRF, cookies, headers, pages behind sign-in."""

from __future__ import annotations

import runpy
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from hoptac.accounts.middleware import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db
PASSWORD = "correct-Horse-battery-9"


@pytest.fixture
def admin_user(db: Any) -> Any:
    return get_user_model().objects.create_superuser("chief", "", PASSWORD)


def _sign_in(client: Client, password: str, address: str = "10.0.0.1", username: str = "chief") -> Any:
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_new_passwords_are_hashed_with_argon2(settings: Any) -> None:
    from hoptac import settings as project

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS  # the real list, not the tests' quick one
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = get_user_model().objects.create_user("hashed", password=PASSWORD)
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


def test_project_settings_put_argon2_first() -> None:
    values = runpy.run_path(django_settings.BASE_DIR / "settings.py")
    assert values["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_sign_in_works_and_sets_a_safe_cookie(admin_user: Any) -> None:
    client = Client()
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_secure_cookies_follow_the_environment(monkeypatch: Any) -> None:
    monkeypatch.setenv("HOPTAC_SECURE_COOKIES", "1")
    values = runpy.run_path(django_settings.BASE_DIR / "settings.py")
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    monkeypatch.setenv("HOPTAC_SECURE_COOKIES", "0")
    assert runpy.run_path(django_settings.BASE_DIR / "settings.py")["SESSION_COOKIE_SECURE"] is False


def test_five_failures_lock_that_user_at_that_address(admin_user: Any) -> None:
    client = Client()
    for _ in range(4):
        assert _sign_in(client, "wrong-password").status_code == 200  # the form again, with its error
    locked = _sign_in(client, "wrong-password")
    assert locked.status_code == 429
    # Even the right password is refused now, with a message that says what to do.
    locked = _sign_in(client, PASSWORD)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "15" in text and "hoptac unlock" in text
    # Another address is not locked, nor is another user at the same address.
    assert _sign_in(Client(), PASSWORD, address="10.0.0.2").status_code == 302
    get_user_model().objects.create_superuser("deputy", "", PASSWORD)
    assert _sign_in(Client(), PASSWORD, username="deputy").status_code == 302


def test_lockout_ends_after_fifteen_minutes(admin_user: Any) -> None:
    from axes.models import AccessAttempt

    client = Client()
    for _ in range(5):
        _sign_in(client, "wrong-password")
    assert _sign_in(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _sign_in(client, PASSWORD).status_code == 302


def test_unlock_command_lifts_a_lockout(admin_user: Any) -> None:
    from typer.testing import CliRunner

    from hoptac.cli import app, register_commands

    client = Client()
    for _ in range(5):
        _sign_in(client, "wrong-password")
    register_commands()
    result = CliRunner().invoke(app, ["unlock", "chief"])
    assert result.exit_code == 0, result.output
    assert _sign_in(client, PASSWORD).status_code == 302


def test_forms_without_the_csrf_token_are_refused(admin_user: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert _sign_in(client, PASSWORD).status_code == 403
    page = client.get("/admin/login/")
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "chief", "password": PASSWORD, "csrfmiddlewaretoken": token},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302


def test_security_headers_on_every_response(admin_user: Any) -> None:
    response = Client().get("/admin/login/")
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_require_sign_in() -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(django_settings.LOGIN_URL)
    # The sign-in page itself is open.
    login = Client().get(django_settings.LOGIN_URL)
    assert login.status_code in (200, 404)  # 404 only while the web pages have no sign-in page
    assert Client().get("/admin/").status_code == 302


def test_hostile_text_is_escaped_in_the_admin(admin_user: Any, agreement_data: dict[str, Any]) -> None:
    from hoptac.agreements.services import create_agreement

    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    agreement = create_agreement({**agreement_data, "title": payload, "notes": payload})
    client = Client()
    client.force_login(admin_user)
    for url in (
        "/admin/agreements/agreement/",
        f"/admin/agreements/agreement/{agreement.pk}/change/",
        f"/admin/agreements/agreement/{agreement.pk}/history/",
    ):
        html = client.get(url).content.decode()
        assert payload not in html, url
        assert "&lt;script&gt;alert(" in html, url


PROXY = "10.0.0.10"


def _via_proxy(client: Client, password: str, forwarded: str, username: str = "chief") -> Any:
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_the_trusted_proxy_an_outsider_cannot_lock_the_administrator_out(
    admin_user: Any, settings: Any
) -> None:
    settings.HOPTAC_TRUSTED_PROXIES = [PROXY]
    outsider = Client()
    for _ in range(5):
        _via_proxy(outsider, "wrong-password", "203.0.113.7")
    assert _via_proxy(outsider, PASSWORD, "203.0.113.7").status_code == 429
    # Claiming the administrator's address in a header of one's own does not reach them either: nginx
    # appends the address it saw, and only that one counts.
    for _ in range(5):
        _via_proxy(Client(), "wrong-password", "198.51.100.1, 203.0.113.8")
    assert _via_proxy(Client(), PASSWORD, "198.51.100.1").status_code == 302


def test_forwarded_addresses_count_only_from_a_trusted_proxy(settings: Any) -> None:
    from django.test import RequestFactory

    from hoptac.accounts.auth import client_address

    def address(remote: str, forwarded: str = "") -> str | None:
        request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
        return client_address(request)

    settings.HOPTAC_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert address("10.0.0.10", "198.51.100.1, 203.0.113.7") == "203.0.113.7"
    assert address("10.0.0.10", "203.0.113.7, 10.0.0.3") == "203.0.113.7"
    assert address("203.0.113.9", "198.51.100.1") == "203.0.113.9"  # not through the proxy: header ignored
    assert address("10.0.0.10", "not-an-address") == "10.0.0.10"
    assert address("10.0.0.10") == "10.0.0.10"
    settings.HOPTAC_TRUSTED_PROXIES = []
    assert address("10.0.0.10", "203.0.113.7") == "10.0.0.10"
