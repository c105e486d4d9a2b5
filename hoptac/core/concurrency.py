"""Optimistic concurrency: a change carries the version it was made from, and is refused if stale.

The version token of a record is its `updated_at` as ISO text. A form or API client reads it with
the record, sends it back as "version", and the update service calls `checked()` first: when someone
else saved the record in between, `Conflict` is raised (the API answers 409, a form shows the message
and the current values) and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

VERSION_HELP = (
    "the record's version (also its ETag): send it back as `version`, or as If-Match, with a change; "
    "a change made from a stale version gets 409 Conflict"
)


class Conflict(ValidationError):
    """The record changed since the version the change was made from (HTTP 409)."""

    def __init__(self, message: str, *, current_version: str = "", expected: str = "") -> None:
        super().__init__({"version": [message]}, code="conflict")
        self.current_version = current_version
        self.expected = expected


def version_of(record: Model) -> str:
    """The version token of a record: its updated_at as ISO text."""
    stamp: dt.datetime = record.updated_at  # type: ignore[attr-defined]
    return stamp.isoformat()


def _parse(expected: Any) -> dt.datetime:
    value = expected.isoformat() if isinstance(expected, dt.datetime) else str(expected).strip()
    parsed = parse_datetime(value.replace("Z", "+00:00")) if value else None
    if parsed is None or parsed.tzinfo is None:
        raise ValidationError(
            {
                "version": [
                    _("'%(value)s' is not a version: send back the record's version as you read it")
                    % {"value": expected}
                ]
            }
        )
    return parsed


def check_version(record: Model, expected: Any) -> None:
    """Raise Conflict unless the record is still at the expected version (None: no check)."""
    if expected in (None, ""):
        return
    wanted = _parse(expected)
    # Read the stored stamp, locking the row where the database can, so that two changes
    # made from the same version cannot both pass the check.
    stored = (
        type(record)
        ._default_manager.select_for_update()
        .filter(pk=record.pk)
        .values_list("updated_at", flat=True)
        .first()
    )
    if stored is None:
        raise Conflict(_("this record has been deleted since you opened it"))
    if _to_millisecond(stored) != _to_millisecond(wanted):
        raise Conflict(
            _(
                "someone else changed this record at %(stored)s after you opened it "
                "(your version: %(yours)s): reload it, then make your change again"
            )
            % {"stored": stored.isoformat(), "yours": wanted.isoformat()},
            current_version=stored.isoformat(),
            expected=wanted.isoformat(),
        )


def _to_millisecond(stamp: dt.datetime) -> dt.datetime:
    # JSON clients (and the API's own datetime output) carry milliseconds, not microseconds.
    return stamp.replace(microsecond=stamp.microsecond // 1000 * 1000)


def checked(record: Model, data: Mapping[str, Any]) -> Mapping[str, Any]:
    """Re-read and lock the record, check it is still at the change's "version", return the data without it."""
    # Start from the saved row, waiting for anyone saving it now, so a partial change keeps theirs.
    record.refresh_from_db(from_queryset=type(record)._default_manager.select_for_update())
    if "version" not in data:
        return data
    check_version(record, data["version"])
    return {key: value for key, value in data.items() if key != "version"}
