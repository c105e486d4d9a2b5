"""Request checks that apply to every page and endpoint."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

_TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded", "text/")


class RejectNulMiddleware:
    """Refuse text input holding a NUL character: PostgreSQL cannot store it, SQLite would; both answer 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            # This runs before LocaleMiddleware: the request's language is chosen here for the message.
            with translation.override(translation.get_language_from_request(request)):
                message = _("the request holds a NUL character (\\u0000 or %00): remove it and send again")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": {"__all__": [message]}}, status=400)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query or "\x00" in request.path:
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        # Uploaded files (multipart) may hold NUL bytes legitimately; only text bodies are checked.
        if request.method in ("POST", "PUT", "PATCH") and content_type.startswith(_TEXT_BODIES):
            body = request.body
            return b"\x00" in body or b"\\u0000" in body or b"%00" in body
        return False
