"""/api/v1/accounts/: who am I, and my API tokens (made only from a signed-in session)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from hoptac.accounts.models import ApiToken, Membership
from hoptac.accounts.tokens import create_token, get_token, revoke_token
from hoptac.core.openapi import RegistryRouter, limits
from hoptac.core.permissions import is_administrator

router = RegistryRouter(tags=["accounts"], versioned=False)


class MembershipOut(Schema):
    """One role of the user and where it applies."""

    role: str
    places: list[str]
    agreements: list[str]


class MeOut(Schema):
    """The signed-in user, their roles, and how this request signed in."""

    username: str
    administrator: bool
    memberships: list[MembershipOut]
    token_scope: str | None = Field(None, description="read or write when signed in with a token")


class TokenIn(Schema):
    """A token to make for yourself."""

    scope: Annotated[str, limits(ApiToken, "scope")] = Field(
        "read", description="read, write (read and change), or feed (the calendar feed only)"
    )
    name: str = Field(
        "", max_length=ApiToken._meta.get_field("name").max_length, description="what the token is for"
    )
    expires_in_days: int | None = Field(None, ge=1, le=3650, description="none: never expires")


class TokenOut(Schema):
    """A token, without its secret."""

    prefix: str
    scope: str
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


class NewTokenOut(TokenOut):
    """A token just made: `token` is its secret, shown this once and never again."""

    token: str


def _me(request: HttpRequest) -> Any:
    return getattr(request, "auth", None) or request.user


def _token_out(token: ApiToken) -> dict[str, Any]:
    return {
        "prefix": token.prefix,
        "scope": token.scope,
        "name": token.name,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
    }


@router.get("/me", response=MeOut, summary="Who am I")
def me(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user with their roles, provinces and assigned agreements."""
    user = _me(request)
    memberships = Membership.objects.filter(user=user).prefetch_related("places", "agreements")
    token = getattr(request, "api_token", None)
    return {
        "username": user.username,
        "administrator": is_administrator(user),
        "memberships": [
            {
                "role": m.role,
                "places": sorted(p.code for p in m.places.all()),
                "agreements": sorted(str(a.uid) for a in m.agreements.all()),
            }
            for m in memberships
        ],
        "token_scope": token.scope if token else None,
    }


@router.get("/tokens", response=list[TokenOut], summary="My API tokens")
def list_tokens(request: HttpRequest) -> list[dict[str, Any]]:
    """Your tokens, newest first, revoked ones included (secrets are never shown again)."""
    return [_token_out(t) for t in ApiToken.objects.filter(user=_me(request))]


@router.post("/tokens", response={201: NewTokenOut}, summary="Make an API token")
def post_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """Make a token for yourself; the answer holds its secret, shown this once."""
    if getattr(request, "api_token", None) is not None:
        raise PermissionDenied(_("tokens are made from a signed-in session, not with another token"))
    token, secret = create_token(
        _me(request), payload.scope, name=payload.name, expires_in_days=payload.expires_in_days
    )
    return Status(201, {**_token_out(token), "token": secret})


@router.delete("/tokens/{prefix}", response={204: None}, summary="Revoke an API token")
def delete_token(request: HttpRequest, prefix: str) -> Status[None]:
    """Revoke one of your tokens at once (administrators may revoke anyone's)."""
    user = _me(request)
    token = get_token(prefix)
    if token.user_id != user.pk and not is_administrator(user):
        raise PermissionDenied(_("this token is not yours"))
    revoke_token(token, user)
    return Status(204, None)
