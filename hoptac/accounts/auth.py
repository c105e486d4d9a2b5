"""Signing in: the lockout page after too many failures, and API tokens (Authorization: Bearer …)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _


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
