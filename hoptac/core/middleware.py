"""Request checks that apply to every page and endpoint."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
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


def too_large(request: HttpRequest) -> HttpResponse:
    """413 saying the limit: JSON for the API, plain text for pages."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    with translation.override(translation.get_language_from_request(request)):
        message = _(
            "the request body is too large: at most %(size)s MB; send files as uploads (multipart) "
            "or split the data"
        ) % {"size": f"{limit / 1048576:.1f}"}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class BodyLimitMiddleware:
    """A non-file body over DATA_UPLOAD_MAX_MEMORY_SIZE gets 413 before anything reads it.

    Django would raise RequestDataTooBig wherever the body is first read: a 400 page and a traceback
    in the log instead of an answer that says what to do."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            if not request.META.get("CONTENT_TYPE", "").startswith("multipart/"):
                return too_large(request)
            # Files in a multipart body do not count; its other fields do: parse it now (Django keeps it).
            try:
                request.POST  # noqa: B018
            except RequestDataTooBig:
                return too_large(request)
        return self.get_response(request)
