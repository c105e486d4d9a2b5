"""/api/v1/sources/: documents, and the spans of text that support records (provenance)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Model, QuerySet
from django.db.models.functions import Length
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import PatchDict, Query, Status

from hoptac.core.api import (
    HARD_DELETE,
    PageParams,
    as_of,
    filtered,
    get_visible,
    iso,
    page,
    page_of,
    remove,
    user_of,
)
from hoptac.core.concurrency import version_of
from hoptac.core.openapi import RegistryRouter
from hoptac.core.permissions import require_change, require_create, visible
from hoptac.core.records import record_type_name, record_types
from hoptac.core.validation import Errors, as_uuid
from hoptac.sources.filtersets import SourceFilterSet
from hoptac.sources.models import Provenance, Source
from hoptac.sources.schemas import LinkIn, ProvenanceOut, SourceDetailOut, SourceIn, SourceOut
from hoptac.sources.services import (
    create_source,
    link_source,
    provenance_for,
    update_source,
)

router = RegistryRouter(tags=["sources"])


def source_out(source: Source) -> dict[str, Any]:
    """The API representation of a source, without its text."""
    length = getattr(source, "text_length", None)
    return {
        "uid": str(source.uid),
        "version": version_of(source),
        "title": source.title,
        "url": source.url,
        "published": iso(source.published),
        "checksum": source.checksum,
        "length": len(source.text) if length is None else length,
    }


def source_detail(source: Source) -> dict[str, Any]:
    """A source with its full text."""
    return {**source_out(source), "text": source.text}


def provenance_out(link: Provenance, record: Model) -> dict[str, Any]:
    """A span of a source behind a record."""
    return {
        "source": str(link.source.uid),
        "source_title": link.source.title,
        "record": str(record.uid),  # type: ignore[attr-defined]
        "record_type": record_type_name(type(record)) or record._meta.model_name or "",
        "start": link.start,
        "end": link.end,
        "quote": link.quote,
    }


def _source(request: HttpRequest, uid: UUID) -> Source:
    return get_visible(request, Source.objects.all(), uid=uid)


def find_record(request: HttpRequest, uid: Any) -> Model | None:
    """The visible registry record of any kind with this public id."""
    value = as_uuid(uid)
    if value is None:
        return None
    for model in record_types().values():
        found = visible(user_of(request), model.objects.all()).filter(uid=value).first()
        if found is not None:
            return found  # type: ignore[no-any-return]
    return None


@router.get("/", response=page_of(SourceOut), summary="List sources")
def list_sources(
    request: HttpRequest, params: Query[PageParams], q: str | None = None, year: int | None = None
) -> dict[str, Any]:
    """Sources, newest first; q searches the title and address ignoring diacritics, year = published."""
    queryset: QuerySet[Source] = filtered(request, SourceFilterSet, Source.objects.all())
    # The list leaves the (long) text in the database; only its length comes back.
    queryset = queryset.defer("text").annotate(text_length=Length("text"))
    return page(queryset, params, lambda rows: [source_out(s) for s in rows])


@router.get("/provenance/{uuid:record}", response=list[ProvenanceOut], summary="Sources behind a record")
def record_provenance(request: HttpRequest, record: UUID) -> list[dict[str, Any]]:
    """The sources and spans of text that support a record (agreement, activity, figure ... by uid)."""
    found = find_record(request, record)
    if found is None:
        raise Http404(_("no record with uid=%(value)s") % {"value": record})
    links = provenance_for(found).defer("source__text")
    return [provenance_out(link, found) for link in links]


@router.get("/{uuid:uid}", response=SourceDetailOut, summary="One source")
def get_source(request: HttpRequest, uid: UUID) -> dict[str, Any]:
    """A source with its full text."""
    return source_detail(_source(request, uid))


@router.post("/", response={201: SourceDetailOut}, summary="Store a source")
def post_source(request: HttpRequest, payload: SourceIn) -> Status[dict[str, Any]]:
    """Store a document; the same text twice is refused as a duplicate (422 on text)."""
    require_create(user_of(request), Source)
    return Status(201, source_detail(create_source(payload.dict())))


@router.put("/{uuid:uid}", response=SourceDetailOut, summary="Replace a source")
def put_source(request: HttpRequest, uid: UUID, payload: SourceIn) -> dict[str, Any]:
    """Replace every field of a source."""
    source = _source(request, uid)
    require_change(user_of(request), source)
    return source_detail(update_source(source, as_of(request, payload.dict())))


@router.patch("/{uuid:uid}", response=SourceDetailOut, summary="Change a source")
def patch_source(request: HttpRequest, uid: UUID, payload: PatchDict[SourceIn]) -> dict[str, Any]:
    """Change only the fields given."""
    source = _source(request, uid)
    require_change(user_of(request), source)
    return source_detail(update_source(source, as_of(request, payload)))


@router.delete("/{uuid:uid}", response={204: None}, summary="Delete a source")
def remove_source(request: HttpRequest, uid: UUID, hard: bool = HARD_DELETE) -> Status[None]:
    """Delete a source and the provenance links to it."""
    return remove(request, _source(request, uid), hard)


@router.post("/{uuid:uid}/links", response={201: ProvenanceOut}, summary="Tie a record to a source")
def post_link(request: HttpRequest, uid: UUID, payload: LinkIn) -> Status[dict[str, Any]]:
    """Tie a record to this source and the span [start, end) of its text (idempotent)."""
    source = _source(request, uid)
    record = find_record(request, payload.record)
    if record is None:
        errors = Errors()
        errors.add("record", _("no record with id '%(value)s'") % {"value": payload.record})
        errors.raise_if_any()
    assert record is not None
    require_change(user_of(request), record)
    link = link_source(record, source, payload.start, payload.end, payload.quote)
    return Status(201, provenance_out(link, record))
