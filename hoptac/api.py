"""The JSON API under /api/v1 (django-ninja); each app adds its router in its own api.py."""

from __future__ import annotations

import importlib
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaValidationError

from hoptac.accounts.auth import token_auth
from hoptac.core.api import session_auth
from hoptac.core.concurrency import Conflict
from hoptac.core.middleware import too_large

# Every endpoint requires one of these, tried in order. API tokens: append their auth class here.
AUTH: list[Any] = [session_auth, token_auth]


class RegistryAPI(NinjaAPI):
    """NinjaAPI whose one-record answers carry the record's version as their ETag."""

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        version = data.get("version") if isinstance(data, dict) else None
        if isinstance(version, str) and version:
            response["ETag"] = f'"{version}"'
        return response


api = RegistryAPI(
    title="hoptac API",
    version="1",
    description=(
        "Registry of international cooperation between sub-national governments. "
        "Records are addressed by their public id (uid); places by ISO 3166 codes (VN-28, LA-XE); "
        'dates are ISO partial dates ("2024", "2024-12", "2024-12-12", "--12-28"). '
        "Sign in through the web pages; writes send the csrftoken cookie's value as X-CSRFToken."
    ),
    urls_namespace="api",
    auth=AUTH,
    # Swagger UI is served from ninja's own static files ("ninja" is in INSTALLED_APPS): no CDN.
    docs=Swagger(settings={"persistAuthorization": True}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

# Each value is "module" (its `router`) or "module:attribute"; an app without an api.py yet is skipped.
ROUTERS = {
    "places": "hoptac.places.api",
    "people": "hoptac.people.api",
    "sources": "hoptac.sources.api",
    "agreements": "hoptac.agreements.api",
    "fields": "hoptac.agreements.api:fields_router",
    "commitments": "hoptac.agreements.commitments_api",
    "activities": "hoptac.activities.api",
    "figures": "hoptac.figures.api",
    "metrics": "hoptac.figures.api:metrics_router",
    "rounds": "hoptac.rounds.api",
    "reports": "hoptac.reports.api",
    "accounts": "hoptac.accounts.api",
}


def _rollback() -> None:
    # A refused request must leave nothing behind, even what ran before the error (ATOMIC_REQUESTS).
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        transaction.set_rollback(True)


def _error(request: HttpRequest, detail: Any, status: int) -> HttpResponse:
    _rollback()
    return api.create_response(request, {"detail": detail}, status=status)


def _field_path(location: list[Any] | tuple[Any, ...]) -> str:
    """Pydantic's location (body, payload, parties, 1, place) as the services name it: parties[1].place."""
    parts = list(location)
    while parts and parts[0] in ("body", "query", "path", "payload", "filters", "params"):
        parts.pop(0)
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path or "__all__"


# Pydantic's messages for the common kinds of bad input, in the words the services use (and translated);
# any other kind keeps pydantic's English message.
_SCHEMA_MESSAGES = {
    "missing": gettext_lazy("this field is required"),
    "string_type": gettext_lazy("must be text"),
    "int_type": gettext_lazy("must be a whole number"),
    "int_parsing": gettext_lazy("must be a whole number"),
    "int_from_float": gettext_lazy("must be a whole number"),
    "float_type": gettext_lazy("must be a number"),
    "float_parsing": gettext_lazy("must be a number"),
    "decimal_type": gettext_lazy("must be a number"),
    "decimal_parsing": gettext_lazy("must be a number"),
    "bool_type": gettext_lazy("must be true or false"),
    "bool_parsing": gettext_lazy("must be true or false"),
    "list_type": gettext_lazy("must be a list"),
    "dict_type": gettext_lazy("must be an object"),
    "model_type": gettext_lazy("must be an object"),
    "model_attributes_type": gettext_lazy("must be an object"),
    "uuid_type": gettext_lazy("must be a public id (a UUID such as 3f2b…)"),
    "uuid_parsing": gettext_lazy("must be a public id (a UUID such as 3f2b…)"),
    "string_too_long": gettext_lazy("too long: at most %(max_length)s characters"),
    "greater_than_equal": gettext_lazy("must be %(ge)s or more"),
    "less_than_equal": gettext_lazy("must be %(le)s or less"),
    "greater_than": gettext_lazy("must be more than %(gt)s"),
    "less_than": gettext_lazy("must be less than %(lt)s"),
    "literal_error": gettext_lazy("must be one of %(expected)s"),
    "enum": gettext_lazy("must be one of %(expected)s"),
    "extra_forbidden": gettext_lazy("not a field of this record: leave it out"),
    "json_invalid": gettext_lazy("the body is not valid JSON"),
}


def _schema_message(error: dict[str, Any]) -> str:
    """One pydantic error as a message to show: ours for the common kinds, pydantic's otherwise."""
    message = _SCHEMA_MESSAGES.get(str(error.get("type")))
    if message is None:
        return str(error.get("msg", "invalid"))
    try:
        return str(message) % dict(error.get("ctx") or {})
    except (KeyError, TypeError, ValueError):
        # A context without the value the message names: pydantic's own words say it.
        return str(error.get("msg", message))


@api.exception_handler(Conflict)
def _conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    # Someone saved the record after the client read it: say so, with the version to start again from.
    _rollback()
    body = {"detail": exc.message_dict, "current_version": exc.current_version}
    return api.create_response(request, body, status=409)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        return _error(request, exc.message_dict, 422)
    return _error(request, {"__all__": exc.messages}, 422)


@api.exception_handler(SchemaValidationError)
def _invalid_schema(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    detail: dict[str, list[str]] = {}
    for error in exc.errors:
        detail.setdefault(_field_path(error.get("loc", ())), []).append(_schema_message(error))
    return _error(request, detail, 422)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = _("sign in first, or send an API token: Authorization: Bearer hoptac_…")
    return _error(request, message, 401)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, str(exc) or _("you may not do this"), 403)


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    _rollback()
    return too_large(request)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, str(exc) or _("not found"), 404)


@api.exception_handler(ObjectDoesNotExist)
def _does_not_exist(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    return _error(request, str(exc) or _("not found"), 404)


@csrf_exempt  # nothing to protect, and a refused POST would answer the CSRF page's HTML 403 instead
def not_found(request: HttpRequest) -> HttpResponse:
    """An address under /api/ that no operation has (or a path parameter not of its form): a JSON 404,
    as the document says, not the web pages' HTML one."""
    return JsonResponse(
        {"detail": _("no such address in the API: the operations are listed at /api/v1/docs")}, status=404
    )


for prefix, target in ROUTERS.items():
    module_name, _colon, attribute = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            continue
        raise
    api.add_router(f"/{prefix}/", getattr(module, attribute or "router"))
