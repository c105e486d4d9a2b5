"""The page where each user makes and revokes their own feed addresses and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoptac.accounts.models import ApiToken
from hoptac.accounts.tokens import create_token, revoke_token


def feed_address(request: HttpRequest, secret: str) -> str:
    """The whole address a calendar program subscribes to."""
    return request.build_absolute_uri(reverse("web:calendar-address", args=[secret]))


def tokens_page(request: HttpRequest) -> HttpResponse:
    """Địa chỉ lịch và mã API của tôi: the user's own tokens; a new one's secret is shown this once."""
    made: dict[str, Any] | None = None
    errors: list[str] = []
    if request.method == "POST":
        scope = request.POST.get("scope", "feed")
        try:
            token, secret = create_token(request.user, scope, name=request.POST.get("name", ""))
        except ValidationError as exc:
            errors = [m for ms in exc.message_dict.values() for m in ms]
        else:
            address = feed_address(request, secret) if token.scope == "feed" else ""
            made = {"token": token, "secret": secret, "address": address}
    tokens = ApiToken.objects.filter(user_id=user_pk(request)).order_by("revoked_at", "-created_at")
    context = {
        "tokens": tokens,
        "made": made,
        "errors": errors,
        "scopes": ApiToken.Scope.choices,
        "nav": "me",
    }
    response = render(request, "notifications/tokens.html", context, status=422 if errors else 200)
    response["Cache-Control"] = "no-store"  # a secret shown once is not kept by the browser either
    return response


@require_POST
def revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    """Revoke one of the user's own tokens (another user's gives 404, as an unknown one)."""
    token = ApiToken.objects.filter(user_id=user_pk(request), prefix=prefix).first()
    if token is None:
        raise Http404(_("You have no token with this prefix."))
    revoke_token(token, request.user)
    messages.success(
        request, _("Token %(prefix)s… revoked: its address no longer works.") % {"prefix": prefix}
    )
    return redirect("notifications:tokens")


def user_pk(request: HttpRequest) -> int:
    """The signed-in user's id (every page under /me/ requires signing in)."""
    return int(request.user.pk or 0)
