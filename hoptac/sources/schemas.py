"""API shapes of sources and provenance."""

# No `from __future__ import annotations` here: ninja's PatchDict reads these annotations as types.

from typing import Annotated

from ninja import Field, Schema

from hoptac.core.concurrency import VERSION_HELP
from hoptac.core.openapi import date_text, limits
from hoptac.sources.models import Source


class SourceIn(Schema):
    """A document: title, address, date of publication and its full text."""

    version: str | None = Field(
        None, description="updated_at as you read it: a change made from a stale version gets 409 Conflict"
    )
    title: Annotated[str, limits(Source, "title")] = Field(...)
    url: Annotated[str, limits(Source, "url")] = Field("")
    published: Annotated[str | None, date_text()] = Field(None, examples=["2024-12-13"])
    text: str = ""


class SourceOut(Schema):
    """A source (without its text; the detail has it)."""

    uid: str
    version: str = Field(..., description=VERSION_HELP)
    title: str
    url: str
    published: str | None
    checksum: str
    length: int = Field(..., description="characters of text stored")


class SourceDetailOut(SourceOut):
    """A source with its full text, so spans can be shown."""

    text: str


class LinkIn(Schema):
    """Tie a record to this source, optionally to the span text[start:end] that supports it."""

    record: str = Field(..., description="uid of any registry record")
    start: int | None = None
    end: int | None = None
    quote: str | None = Field(None, description="checked against the text at the span when given")


class ProvenanceOut(Schema):
    """A span of a source that supports a record."""

    source: str
    source_title: str
    record: str
    record_type: str
    start: int | None
    end: int | None
    quote: str
