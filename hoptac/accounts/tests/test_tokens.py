"""API tokens: secrets shown once and stored hashed, bearer sign-in, scopes, revocation, expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from hoptac.accounts.models import ApiToken, AuditEvent
from hoptac.accounts.tests.conftest import uid
from hoptac.accounts.tokens import create_token, digest, find_token, revoke_token

pytestmark = pytest.mark.django_db


def _cli(*args: str) -> Any:
    from hoptac.cli import app, register_commands

    register_commands()
    return CliRunner().invoke(app, list(args))


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_cli_creates_lists_and_revokes(users: dict[str, Any]) -> None:
    result = _cli("token", "create", "officer_kt", "--scope", "write", "--name", "sync")
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert secret.startswith(f"hoptac_{token.prefix}_")
    assert token.digest == digest(secret) and secret not in token.digest
    assert token.scope == "write" and token.user.username == "officer_kt"
    listing = _cli("token", "list")
    assert token.prefix in listing.output and "active" in listing.output
    assert _cli("token", "revoke", token.prefix).exit_code == 0
    assert find_token(secret) is None
    assert "revoked" in _cli("token", "list").output
    assert AuditEvent.objects.filter(action="token_revoke", record_uid=token.prefix).exists()


@pytest.mark.usefixtures("english_messages")
def test_cli_says_what_to_fix(users: dict[str, Any]) -> None:
    result = _cli("token", "create", "ghost")
    assert result.exit_code != 0 and "no user 'ghost'" in result.output
    result = _cli("token", "create", "officer_kt", "--scope", "admin")
    assert result.exit_code != 0 and "use read, write or feed" in result.output
    result = _cli("token", "revoke", "zzzzzzzz")
    assert result.exit_code != 0 and "no token with prefix" in result.output


def test_read_token_reads_what_its_owner_sees(users: dict[str, Any]) -> None:
    _, secret = create_token(users["viewer_hue"], "read")
    response = Client().get("/api/v1/agreements/", **_bearer(secret))
    assert response.status_code == 200, response.content
    assert {a["uid"] for a in response.json()["items"]} == {uid("a-hue-ch-2022")}
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_token_may_not_write(users: dict[str, Any], method: str) -> None:
    _, secret = create_token(users["officer_kt"], "read")
    url = "/api/v1/people/" if method == "post" else f"/api/v1/agreements/{uid('a-kt-xe-2022')}"
    response = getattr(Client(), method)(
        url, data={"name": "X"}, content_type="application/json", **_bearer(secret)
    )
    assert response.status_code == 403
    assert "--scope write" in response.json()["detail"]


def test_write_token_writes_without_csrf(users: dict[str, Any]) -> None:
    _, secret = create_token(users["officer_kt"], "write")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/people/", data={"name": "Nguyễn Văn A"}, content_type="application/json", **_bearer(secret)
    )
    assert response.status_code == 201, response.content
    # The history records who made the change.
    from hoptac.people.models import Person

    person = Person.objects.get(uid=response.json()["uid"])
    assert person.history.first().history_user == users["officer_kt"]


def test_write_token_still_obeys_the_owners_role(users: dict[str, Any]) -> None:
    _, secret = create_token(users["viewer_kt"], "write")
    response = Client().post(
        "/api/v1/people/", data={"name": "Nguyễn Văn B"}, content_type="application/json", **_bearer(secret)
    )
    assert response.status_code == 403


def test_bad_revoked_and_expired_tokens_are_refused(users: dict[str, Any]) -> None:
    token, secret = create_token(users["officer_kt"], "read", expires_in_days=1)
    assert Client().get("/api/v1/agreements/", **_bearer(secret)).status_code == 200
    for wrong in (secret[:-2] + "xx", "hoptac_short", "Basic abc", ""):
        assert Client().get("/api/v1/agreements/", **_bearer(wrong)).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get("/api/v1/agreements/", **_bearer(secret)).status_code == 401
    token2, secret2 = create_token(users["officer_kt"], "read")
    revoke_token(token2)
    assert Client().get("/api/v1/agreements/", **_bearer(secret2)).status_code == 401
    _, secret3 = create_token(users["officer_kt"], "read")
    assert find_token(secret3) is not None
    users["officer_kt"].is_active = False
    users["officer_kt"].save()
    assert find_token(secret3) is None


def test_tokens_through_the_api(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["officer_kt"])
    made = client.post(
        "/api/v1/accounts/tokens", data={"scope": "write", "name": "báo cáo"}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    secret = made.json()["token"]
    listed = client.get("/api/v1/accounts/tokens").json()
    assert [t["prefix"] for t in listed] == [made.json()["prefix"]]
    assert "token" not in listed[0]
    me = Client().get("/api/v1/accounts/me", **_bearer(secret)).json()
    assert me["username"] == "officer_kt" and me["token_scope"] == "write"
    assert me["memberships"] == [{"role": "officer", "places": ["VN-28"], "agreements": []}]
    # A token cannot make more tokens.
    again = Client().post(
        "/api/v1/accounts/tokens", data={}, content_type="application/json", **_bearer(secret)
    )
    assert again.status_code == 403
    # Another user cannot revoke it; its owner can.
    other = Client()
    other.force_login(users["officer_hue"])
    assert other.delete(f"/api/v1/accounts/tokens/{made.json()['prefix']}").status_code == 403
    assert client.delete(f"/api/v1/accounts/tokens/{made.json()['prefix']}").status_code == 204
    assert Client().get("/api/v1/accounts/me", **_bearer(secret)).status_code == 401


def test_no_sign_in_no_api(users: dict[str, Any]) -> None:
    assert Client().get("/api/v1/agreements/").status_code == 401
