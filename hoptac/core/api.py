"""Pieces every API router uses: sign-in, pages of results, finding records by uid, error bodies."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.errors import HttpError
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from hoptac.core.concurrency import check_version
from hoptac.core.dates import PartialDate
from hoptac.core.permissions import delete_record, visible

M = TypeVar("M", bound=Model)
MAX_LIMIT = 500
# Past any registry's size, and well inside the 64-bit integer SQLite and PostgreSQL take for OFFSET
# (a larger one made the database driver raise: a 500 instead of a 422).
MAX_OFFSET = 1_000_000_000


class SessionAuth(APIKeyCookie):
    """Signed in through the web pages (Django session); writes must carry the CSRF token.

    Unlike ninja's django_auth, a request without a session returns None instead of failing the
    CSRF check, so an API token class placed after this one in the auth list still gets its turn.
    """

    param_name: str = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(
                403, _("CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header")
            )
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return getattr(request, "user", None)


session_auth = SessionAuth()


class PageParams(Schema):
    """Which slice of the results: at most `limit` records from position `offset`."""

    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"records per page (1–{MAX_LIMIT})")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"records to skip (0–{MAX_OFFSET:,})")


def page_of(item: type[Schema]) -> type[Schema]:
    """The response schema of a list endpoint: {count, limit, offset, items}."""
    return type(
        f"{item.__name__}Page",
        (Schema,),
        {
            "__annotations__": {"count": int, "limit": int, "offset": int, "items": list[item]},  # type: ignore[valid-type]
            "__doc__": f"A page of results ({item.__name__}) and the total count.",
        },
    )


def user_of(request: HttpRequest) -> Any:
    """The signed-in user, however the request authenticated."""
    return getattr(request, "auth", None) or getattr(request, "user", None)


def filtered(request: HttpRequest, filterset_class: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    """The visible records that pass the filters in the query string; a bad filter is a 422."""
    filterset = filterset_class(request.GET, queryset=visible(user_of(request), queryset))
    if not filterset.is_valid():
        raise ValidationError({key: list(messages) for key, messages in filterset.errors.items()})
    return filterset.qs


def page(
    queryset: QuerySet[M], params: PageParams, build: Callable[[list[M]], Iterable[Any]]
) -> dict[str, Any]:
    """One page of a queryset, each record turned into its output by `build` (given the whole page)."""
    rows = list(queryset[params.offset : params.offset + params.limit])
    total = len(rows) if params.offset == 0 and len(rows) < params.limit else count_of(queryset)
    return {"count": total, "limit": params.limit, "offset": params.offset, "items": list(build(rows))}


# An unfiltered table this big is counted from PostgreSQL's statistics: an exact COUNT(*) of a million
# rows costs ~190 ms on every page, and a client paging through it needs the size, not the last unit.
ESTIMATE_FROM = 100_000


def count_of(queryset: QuerySet[M]) -> int:
    """How many records a list has: exact, except an unfiltered table of ESTIMATE_FROM rows or more on
    PostgreSQL, which is counted from the planner's statistics (kept by ANALYZE, within a few percent)."""
    if connection.vendor != "postgresql" or queryset.query.where or queryset.query.distinct:
        return queryset.count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table]
        )
        found = cursor.fetchone()
    estimate = int(found[0]) if found else -1
    return estimate if estimate >= ESTIMATE_FROM else queryset.count()


def get_visible(request: HttpRequest, queryset: QuerySet[M], **lookup: Any) -> M:
    """The record the user may see, or 404 (a hidden record looks the same as a missing one)."""
    found = visible(user_of(request), queryset).filter(**lookup).first()
    if found is None:
        raise Http404(
            _("no %(model)s with %(key)s %(value)s")
            % {
                "model": queryset.model._meta.verbose_name,
                "key": ", ".join(lookup),
                "value": ", ".join(str(v) for v in lookup.values()),
            }
        )
    return found


HARD_DELETE = Query(
    False,
    description="delete for good, without a tombstone to undo (administrators only; logged like any delete)",
)


def _if_match(request: HttpRequest) -> str:
    """The version an If-Match header names (an ETag, quoted, maybe weak), or ""."""
    value = request.headers.get("If-Match", "").strip()
    return value.removeprefix("W/").strip('"') if value != "*" else ""


def as_of(request: HttpRequest, data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The change with the version it was made from: the body's "version", else the If-Match header."""
    match = _if_match(request)
    return {**data, "version": match} if match and not data.get("version") else data


def remove(request: HttpRequest, record: Model, hard: bool = False) -> Status[None]:
    """A DELETE: through the one audited path (a tombstone an administrator can undo, and an audit row);
    with If-Match, refused (409) when the record changed since that version."""
    check_version(record, _if_match(request) or None)
    delete_record(record, user_of(request), hard=hard)
    return Status(204, None)


def iso(value: PartialDate | None) -> str | None:
    """A partial date as ISO text ("2024", "2024-12", "--12-28"), or None."""
    return None if value is None else value.isoformat()


def uid_of(record: Any) -> str | None:
    """The public id of a related record, or None."""
    return None if record is None else str(record.uid)


def number(value: Any) -> float | None:
    """A stored decimal as a JSON number."""
    return None if value is None else float(value)
