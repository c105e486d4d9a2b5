"""Signing in: the lockout page after too many failures, and API tokens (Authorization: Bearer …)."""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.HOPTAC_TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> str | None:
    """The client's real address (AXES_CLIENT_IP_CALLABLE): X-Forwarded-For counts only when the
    connection comes from a trusted proxy, read from the right, skipping trusted proxies.

    A client may send its own X-Forwarded-For; nginx appends the address it saw, so only the
    right-most addresses that no trusted proxy wrote are believed, never a left-most one."""
    remote = request.META.get("REMOTE_ADDR") or None
    if remote is None or not _trusted(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a forged, unreadable entry: count the proxy itself
    return hops[0] if hops else remote


class ThrottledSignIn(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins over HTTP (a sign-in without a request has no address)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What a locked-out sign-in gets (django-axes): HTTP 429 and a message that says what to do."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-ins for this user from this address. "
        "Wait %(minutes)d minutes and try again, or ask an administrator to unlock the account "
        "(hoptac unlock USER)."
    ) % {"minutes": minutes}
    title = _("Sign-in locked")
    if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
        from django.http import JsonResponse

        return JsonResponse({"detail": message}, status=429)
    page = format_html(
        '<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><title>{}</title></head>'
        '<body><h1>{}</h1><p role="alert">{}</p><p><a href="/">{}</a></p></body></html>',
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        title,
        title,
        message,
        _("Back"),
    )
    return HttpResponse(page, status=429)


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuth(HttpBearer):
    """`Authorization: Bearer hoptac_…`: signs the request in as the token's owner.

    A read token may only read: any other method gets 403 with a message saying which token to use.
    """

    openapi_description = "An API token from `hoptac token create USER --scope read|write`."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from hoptac.accounts.tokens import find_token

        found = find_token(token)
        if found is None or found.scope == "feed":  # a calendar's address opens the feed, never the API
            return None
        if found.scope != "write" and request.method not in SAFE_METHODS:
            raise HttpError(
                403,
                _("This API token may only read. Use a write token: hoptac token create USER --scope write"),
            )
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


token_auth = TokenAuth()
