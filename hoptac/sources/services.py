"""Sources and provenance: storing documents and tying records to the spans of text that support them."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils.translation import gettext as _

from hoptac.core.concurrency import checked
from hoptac.core.text import nfc
from hoptac.core.validation import Errors, date_field, text_field
from hoptac.sources.models import Provenance, Source


def checksum(text: str) -> str:
    """SHA-256 of the text, used to recognise a document already stored."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _validate(data: Mapping[str, Any], current: Source | None) -> dict[str, Any]:
    errors = Errors()
    values: dict[str, Any] = {}

    def wanted(key: str) -> bool:
        return current is None or key in data

    if wanted("title"):
        values["title"] = text_field(errors, data, "title", required=True, max_length=500)
    if wanted("url"):
        url = text_field(errors, data, "url", max_length=1000)
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                errors.add(
                    "url", _("'%(value)s' is not a web address: write it as https://…") % {"value": url}
                )
        values["url"] = url
    if wanted("published"):
        values["published"] = date_field(errors, data, "published")
    if wanted("text"):
        values["text"] = str(data.get("text") or "")
        values["checksum"] = checksum(values["text"]) if values["text"] else ""
        if values["checksum"]:
            twin = Source.objects.filter(checksum=values["checksum"])
            if current is not None:
                twin = twin.exclude(pk=current.pk)
            other = twin.first()
            if other is not None:
                errors.add(
                    "text",
                    _("duplicate: this text is already stored as source '%(title)s' (%(uid)s)")
                    % {"title": other.title, "uid": other.uid},
                )
    errors.raise_if_any()
    return values


@transaction.atomic
def create_source(data: Mapping[str, Any], *, uid: Any = None) -> Source:
    """Store a document; the same text twice is refused as a duplicate."""
    source = Source(**_validate(data, None))
    if uid:
        source.uid = uid
    source.save()
    return source


@transaction.atomic
def update_source(source: Source, data: Mapping[str, Any]) -> Source:
    """Change the given keys of a source."""
    data = checked(source, data)
    for key, value in _validate(data, source).items():
        setattr(source, key, value)
    source.save()
    return source


@transaction.atomic
def delete_source(source: Source) -> None:
    """Delete a source and the provenance links to it."""
    source.delete()


def find_source_by_text(text: str) -> Source | None:
    """The stored source with exactly this text, if any."""
    return Source.objects.filter(checksum=checksum(text)).first() if text else None


@transaction.atomic
def link_source(
    record: models.Model,
    source: Source,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
) -> Provenance:
    """Tie a record to a source, optionally to the span text[start:end] that supports it (idempotent)."""
    errors = Errors()
    if (start is None) != (end is None):
        errors.add("end", _("give both start and end of the span, or neither"))
    elif start is not None and end is not None:
        if not 0 <= start < end <= len(source.text):
            errors.add(
                "end",
                _("the span %(start)s–%(end)s lies outside the source's text (0–%(length)s)")
                % {"start": start, "end": end, "length": len(source.text)},
            )
        elif quote is not None and nfc(source.text[start:end]) != nfc(quote):
            errors.add("quote", _("the quoted text is not what the source holds at that span"))
    errors.raise_if_any()
    content_type = ContentType.objects.get_for_model(record)
    provenance, _created = Provenance.objects.get_or_create(
        source=source,
        content_type=content_type,
        object_id=record.pk,
        start=start,
        end=end,
        defaults={
            "quote": source.text[start:end] if start is not None and end is not None else (quote or "")
        },
    )
    return provenance


def provenance_for(record: models.Model) -> models.QuerySet[Provenance]:
    """The sources and spans behind a record."""
    return Provenance.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("source")
