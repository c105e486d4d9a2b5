"""Bulk import of activities: every row checked by the services' rules, then all rows written at once.

Places, agreements, commitments and people are looked up once for the whole file, not per row, and
rows are written with COPY on PostgreSQL (batched INSERTs elsewhere), each with its history entry,
so the audit trail is the same as for an activity entered on the web page.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hoptac.core.validation import Errors, as_uuid, check_order, choice_field, date_field, text_field

COLUMNS = (
    "id", "kind", "title", "date", "end_date", "status", "place", "parties", "agreements", "commitments",
    "direction", "head_of_delegation", "delegation_size", "description",
)  # fmt: skip
REQUIRED = ("kind",)
_LIST = re.compile(r"[;,\s]+")
_VN_DATE = re.compile(r"^(?:(\d{1,2})/)?(\d{1,2})/(\d{4})$")
MAX_SHOWN = 50


@dataclass
class RowError:
    """What is wrong in one cell: the sheet's row number, the column and a message saying what to fix."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


class ImportRefused(ValidationError):
    """The file was refused as a whole; `problems` lists every bad cell."""

    def __init__(self, problems: list[RowError]) -> None:
        shown = [str(p) for p in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            shown.append(f"… and {len(problems) - MAX_SHOWN} more")
        super().__init__(shown)
        self.problems = problems


@dataclass
class ImportResult:
    """How many activities were written, and how fast."""

    rows: int
    seconds: float
    people_created: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class _Row:
    number: int
    uid: uuid.UUID
    values: dict[str, Any]
    parties: list[str]
    agreements: list[str]
    commitments: list[str]
    head: str | None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date_text(value: Any) -> Any:
    """ISO as is; a spreadsheet date as a day; Vietnamese 12/12/2024 or 12/2024 turned into ISO."""
    if isinstance(value, dt.datetime | dt.date):
        return value
    text = _text(value)
    match = _VN_DATE.match(text)
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    return text


def _listed(value: Any) -> list[str]:
    return [v for v in _LIST.split(_text(value)) if v]


class _Lookups:
    """Every place, agreement, commitment and person the file names, fetched in a few queries."""

    def __init__(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        from hoptac.agreements.models import Agreement, Commitment
        from hoptac.people.models import Person
        from hoptac.places.models import Place

        self.places = set(Place.objects.values_list("code", flat=True))
        self.resolved: dict[str, str | None] = {}
        self.uids: dict[str, str | None] = {}
        self.agreements = self._by_uid(Agreement, rows, "agreements")
        self.commitments = self._by_uid(Commitment, rows, "commitments")
        self.people = self._by_uid(Person, rows, "head_of_delegation")
        from hoptac.activities.models import Activity

        ids = [u for _, r in rows if (u := as_uuid(_text(r.get("id")))) is not None]
        self.taken = {str(u) for u in _chunked_uids(Activity, ids)}

    @staticmethod
    def _by_uid(model: Any, rows: list[tuple[int, dict[str, Any]]], column: str) -> dict[str, int]:
        written = {v for _, r in rows for v in _listed(r.get(column))}  # a file repeats the same few ids
        wanted = {u for v in written if (u := as_uuid(v)) is not None}
        found: dict[str, int] = {}
        chunk = sorted(wanted, key=str)
        for start in range(0, len(chunk), 5_000):
            part = chunk[start : start + 5_000]
            found.update(
                (str(u), pk) for pk, u in model.objects.filter(uid__in=part).values_list("pk", "uid")
            )
        return found

    def uid_text(self, value: str) -> str | None:
        """The canonical text of a UUID (remembered: a file names the same agreement on many rows)."""
        if value not in self.uids:
            uid = as_uuid(value)
            self.uids[value] = None if uid is None else str(uid)
        return self.uids[value]

    def place(self, value: str) -> tuple[str | None, str | None]:
        """(code, None) for a known place, else (None, message) — a name is resolved like the services do."""
        code = value.upper()
        if code in self.places:
            return code, None
        if value not in self.resolved:
            from hoptac.places.services import get_place

            try:
                self.resolved[value] = get_place(value).code
            except ValidationError as exc:
                self.resolved[value] = None
                return None, "; ".join(exc.messages)
        found = self.resolved[value]
        return (
            found,
            None if found else f"'{value}' is not a known place: give its ISO 3166-2 code, e.g. VN-28",
        )


def _chunked_uids(model: Any, uids: list[uuid.UUID]) -> Iterable[uuid.UUID]:
    for start in range(0, len(uids), 5_000):
        yield from model.objects.filter(uid__in=uids[start : start + 5_000]).values_list("uid", flat=True)


@functools.cache
def _choices() -> dict[str, tuple[str, ...]]:
    from hoptac.activities.models import Activity

    # Enum .values builds a new list on every call; at 20,000 rows a second that shows.
    return {
        "kind": tuple(Activity.Kind.values),
        "status": tuple(Activity.Status.values),
        "direction": tuple(Activity.Direction.values),
    }


def _check_row(
    number: int, raw: dict[str, Any], look: _Lookups, seen: set[str]
) -> tuple[_Row | None, Errors]:
    choices = _choices()
    errors = Errors()
    data = {k: _text(raw.get(k)) for k in ("kind", "status", "title", "description", "direction")}
    data["status"] = data["status"] or "held"
    values: dict[str, Any] = {
        "kind": choice_field(errors, data, "kind", choices["kind"]),
        "status": choice_field(errors, data, "status", choices["status"]),
        "title": text_field(errors, data, "title", max_length=500),
        "description": text_field(errors, data, "description"),
        "direction": choice_field(errors, data, "direction", choices["direction"], required=False),
    }
    dates = {"date": _date_text(raw.get("date")), "end_date": _date_text(raw.get("end_date"))}
    values["date"] = date_field(errors, dates, "date")
    values["end_date"] = date_field(errors, dates, "end_date")
    check_order(errors, values["date"], values["end_date"], "end_date", "start date")
    if values["date"] is None and values["status"] == "held" and "date" not in errors.messages:
        errors.add("date", "an activity that was held needs a date (at least the year)")
    if values["direction"] and values["kind"] and values["kind"] != "visit":
        errors.add("direction", "only a visit has a direction (incoming or outgoing)")
    size = _text(raw.get("delegation_size"))
    values["delegation_size"] = None
    if size:
        if not size.isdigit():
            errors.add("delegation_size", f"'{size}' is not a whole number of people (0 or more)")
        else:
            values["delegation_size"] = int(size)
    values["place"] = None
    if _text(raw.get("place")):
        values["place"], problem = look.place(_text(raw.get("place")))
        if problem:
            errors.add("place", problem)
    parties: list[str] = []
    for value in _listed(raw.get("parties")):
        code, problem = look.place(value)
        if problem or code is None:
            errors.add("parties", problem or value)
        elif code in parties:
            errors.add("parties", f"{code} is listed twice")
        else:
            parties.append(code)
    links: dict[str, list[str]] = {}
    for column, known, what in (
        ("agreements", look.agreements, "agreement"),
        ("commitments", look.commitments, "commitment"),
    ):
        links[column] = []
        for value in _listed(raw.get(column)):
            uid = look.uid_text(value)
            if uid is None or uid not in known:
                errors.add(column, f"no {what} with id '{value}'")
            elif uid not in links[column]:
                links[column].append(uid)
    head = _text(raw.get("head_of_delegation")) or None
    head_uid = look.uid_text(head) if head else None
    if head_uid is not None and head_uid not in look.people:
        errors.add("head_of_delegation", f"no person with id '{head}'")
    given = _text(raw.get("id"))
    public_id: uuid.UUID | None = as_uuid(given) if given else uuid.uuid4()
    if public_id is None:
        errors.add("id", f"'{given}' is not a public id (a UUID such as 3f2b…); leave it empty for a new one")
    elif str(public_id) in look.taken or str(public_id) in seen:
        errors.add(
            "id", f"an activity with id {public_id} is already in the registry or earlier in this file"
        )
    if errors or public_id is None:
        return None, errors
    seen.add(str(public_id))
    return _Row(number, public_id, values, parties, links["agreements"], links["commitments"], head), errors


def check_rows(header: list[str], rows: Iterable[tuple[int, dict[str, Any]]]) -> tuple[list[_Row], _Lookups]:
    """Every row checked; raises ImportRefused listing every bad cell (row number and column)."""
    unknown = [c for c in header if c and c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        refused = [RowError(1, c, f"unknown column: use {', '.join(COLUMNS)}") for c in unknown]
        refused += [RowError(1, c, "this column is required") for c in missing]
        raise ImportRefused(refused)
    listed = list(rows)
    look = _Lookups(listed)
    good: list[_Row] = []
    problems: list[RowError] = []
    seen: set[str] = set()
    for number, raw in listed:
        row, errors = _check_row(number, raw, look, seen)
        for column, messages in errors.messages.items():
            problems += [RowError(number, column, m) for m in messages]
        if row is not None:
            good.append(row)
    if problems:
        raise ImportRefused(problems)
    if not good:
        raise ImportRefused([RowError(2, "kind", "the file has no rows to import")])
    return good, look


def _check_permission(user: Any, rows: list[_Row], look: _Lookups) -> None:
    """The same rule as the web form: the user may add activities under each agreement named."""
    from hoptac.accounts.permissions import require_create
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement

    uids = {u for r in rows for u in r.agreements}
    for agreement in Agreement.objects.filter(uid__in=uids):
        require_create(user, Activity, agreement)
    if any(not r.agreements for r in rows):
        require_create(user, Activity)


def import_activities(path: Path, user: Any = None, reason: str | None = None) -> ImportResult:
    """Import every row of a CSV or XLSX file as an activity: all rows or, on any error, none."""
    from hoptac.imports.reading import read_sheet
    from hoptac.imports.writing import write_activities

    started = time.perf_counter()
    header, rows = read_sheet(path)
    read_rows = list(rows)
    read = time.perf_counter()
    good, look = check_rows(header, read_rows)
    if user is not None:
        _check_permission(user, good, look)
    checked = time.perf_counter()
    with transaction.atomic():
        people = write_activities(good, look, user, reason or f"bulk import of {path.name}", timezone.now())
    done = time.perf_counter()
    return ImportResult(
        len(good),
        done - started,
        people,
        {"read": read - started, "check": checked - read, "write": done - checked},
    )
