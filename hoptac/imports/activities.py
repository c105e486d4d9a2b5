"""Bulk import of activities: every row checked by the services' rules, then all rows written at once.

Places, agreements, commitments and people are looked up once for the whole file, not per row. A
sheet repeats the same few kinds, dates, parties and agreements on thousands of rows, so each
distinct cell is checked once, by the same helpers the services use (same rules, same messages),
and the answer is remembered; a row is then a handful of dictionary look-ups. Rows are written
with COPY on PostgreSQL (batched INSERTs elsewhere), each with its history entry, so the audit
trail is the same as for an activity entered on the web page.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.core import freshness
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
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportRefused(ValidationError):
    """The file was refused as a whole; `problems` lists every bad cell."""

    def __init__(self, problems: list[RowError]) -> None:
        shown = [str(p) for p in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            shown.append(_("… and %(count)s more") % {"count": len(problems) - MAX_SHOWN})
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


class Checked(NamedTuple):
    """One good row, ready to write: texts as stored (dates in ISO), links as primary keys."""

    uid: str
    kind: str
    title: str
    date: str | None
    end_date: str | None
    place: str | None
    status: str
    direction: str
    head: str | None  # as written: a person's public id or a name (people are resolved when writing)
    delegation_size: int | None
    description: str
    parties: tuple[str, ...]
    agreements: tuple[int, ...]
    commitments: tuple[int, ...]


def _text(value: Any) -> str:
    if type(value) is str:
        return value.strip()
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


Answer = tuple[Any, tuple[str, ...]]  # a cell's value as stored, and the messages saying what is wrong


class _Cells:
    """Remembers the answer for each distinct value of one column, asked of `check` the first time."""

    def __init__(self, check: Callable[[Any], Answer]) -> None:
        self.check = check
        self.answers: dict[Hashable, Answer] = {}

    def __call__(self, value: Any) -> Answer:
        # A spreadsheet's True, 1 and 1.0 are equal dictionary keys but not the same cell.
        key = value if type(value) is str else (type(value), value)
        try:
            return self.answers[key]
        except KeyError:
            answer = self.answers[key] = self.check(value)
            return answer
        except TypeError:  # an unhashable cell (never from CSV or XLSX, but the API is open)
            return self.check(value)


def _asked(helper: Callable[..., Any], column: str, value: Any, *args: Any, **kwargs: Any) -> Answer:
    """Run one of the services' field helpers on a single value; its result and its messages."""
    errors = Errors()
    result = helper(errors, {column: value}, column, *args, **kwargs)
    return result, tuple(errors.messages.get(column, ()))


class _Lookups:
    """Every place, agreement, commitment and person the file names, fetched in a few queries."""

    def __init__(self, header: Sequence[str], rows: list[tuple[int, Sequence[Any]]]) -> None:
        from hoptac.activities.models import Activity
        from hoptac.agreements.models import Agreement, Commitment
        from hoptac.people.models import Person
        from hoptac.places.models import Place

        self.places = set(Place.objects.values_list("code", flat=True))
        self.resolved: dict[str, str | None] = {}
        self.uids: dict[str, str | None] = {}
        self.agreements = self._by_uid(Agreement, self._written(header, rows, "agreements"))
        self.commitments = self._by_uid(Commitment, self._written(header, rows, "commitments"))
        self.people = self._by_uid(Person, self._written(header, rows, "head_of_delegation"))
        self.taken = set(self._by_uid(Activity, self._written(header, rows, "id", split=False)))

    @staticmethod
    def _written(
        header: Sequence[str], rows: list[tuple[int, Sequence[Any]]], column: str, split: bool = True
    ) -> set[str]:
        if column not in header:
            return set()
        at = header.index(column)
        cells = {cells[at] for _, cells in rows if at < len(cells)}  # a file repeats the same few ids
        if not split:
            return {_text(cell) for cell in cells}
        return {v for cell in cells for v in _listed(cell)}

    def _by_uid(self, model: Any, written: set[str]) -> dict[str, int]:
        wanted = sorted({u for v in written if (u := self.uid_text(v)) is not None})
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 5_000):
            part = wanted[start : start + 5_000]
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
            None
            if found
            else _("'%(value)s' is not a known place: give its ISO 3166-2 code, e.g. VN-28")
            % {"value": value},
        )


def _new_uids() -> Iterator[str]:
    """Random (version 4) UUIDs as text, made from one read of os.urandom per 4,096: uuid.uuid4()
    asks the system for 16 bytes at a time and builds an object, five times slower on a large file."""
    while True:
        raw = os.urandom(16 * 4096).hex()
        for i in range(0, len(raw), 32):
            h = raw[i : i + 32]
            # Version 4 in the 13th digit, variant 10xx in the 17th; the other 122 bits stay random.
            yield f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


_VARIANT = "89ab"


def _date_answer(column: str, value: Any) -> Answer:
    """A date cell as (ISO text, PartialDate) — the text to store, the date to compare with another."""
    partial, messages = _asked(date_field, column, _date_text(value))
    return (None if partial is None else partial.isoformat(), partial), messages


class _Checker:
    """The rules of create_activity, applied to sheet rows; each distinct cell is checked once."""

    def __init__(self, header: Sequence[str], look: _Lookups) -> None:
        from hoptac.activities.models import Activity
        from hoptac.agreements.models import Agreement, Commitment

        self.look = look
        self.width = len(header)
        # Columns the sheet lacks read the None appended after its last column.
        self.cells = itemgetter(*(header.index(c) if c in header else self.width for c in COLUMNS))
        kinds, statuses = tuple(Activity.Kind.values), tuple(Activity.Status.values)
        directions = tuple(Activity.Direction.values)
        self.kind = _Cells(lambda v: _asked(choice_field, "kind", _text(v), kinds))
        self.status = _Cells(lambda v: _asked(choice_field, "status", _text(v) or "held", statuses))
        self.direction = _Cells(
            lambda v: _asked(choice_field, "direction", _text(v), directions, required=False)
        )
        self.date = _Cells(lambda v: _date_answer("date", v))
        self.end_date = _Cells(lambda v: _date_answer("end_date", v))
        self.size = _Cells(self._size)
        self.place = _Cells(self._place)
        self.parties = _Cells(self._parties)
        self.agreements = _Cells(lambda v: self._records(v, look.agreements, Agreement._meta.verbose_name))
        self.commitments = _Cells(lambda v: self._records(v, look.commitments, Commitment._meta.verbose_name))
        self.head = _Cells(self._head)
        self.seen: set[str] = set()
        self.new_uids = _new_uids()

    @staticmethod
    def _size(value: Any) -> Answer:
        size = _text(value)
        if not size:
            return None, ()
        # isdecimal, not isdigit: int() refuses "²", which isdigit would let through.
        if not size.isdecimal():
            return None, (_("'%(value)s' is not a whole number of people (0 or more)") % {"value": size},)
        return int(size), ()

    def _place(self, value: Any) -> Answer:
        text = _text(value)
        if not text:
            return None, ()
        code, problem = self.look.place(text)
        return code, (problem,) if problem else ()

    def _parties(self, value: Any) -> Answer:
        codes: list[str] = []
        problems: list[str] = []
        for text in _listed(value):
            code, problem = self.look.place(text)
            if problem or code is None:
                problems.append(problem or text)
            elif code in codes:
                problems.append(_("%(code)s is listed twice") % {"code": code})
            else:
                codes.append(code)
        return tuple(codes), tuple(problems)

    def _records(self, value: Any, known: dict[str, int], what: Any) -> Answer:
        pks: list[int] = []
        problems: list[str] = []
        for text in _listed(value):
            uid = self.look.uid_text(text)
            if uid is None or uid not in known:
                problems.append(_("no %(model)s with id '%(value)s'") % {"model": what, "value": text})
            elif known[uid] not in pks:
                pks.append(known[uid])
        return tuple(pks), tuple(problems)

    def _head(self, value: Any) -> Answer:
        head = _text(value) or None
        uid = self.look.uid_text(head) if head else None
        if uid is not None and uid not in self.look.people:
            from hoptac.people.models import Person

            return head, (
                _("no %(model)s with id '%(value)s'") % {"model": Person._meta.verbose_name, "value": head},
            )
        return head, ()

    def _id(self, value: Any) -> Answer:
        given = _text(value)
        if not given:
            return next(self.new_uids), ()
        uid = self.look.uid_text(given)
        if uid is None:
            return None, (
                _("'%(value)s' is not a public id (a UUID such as 3f2b…); leave it empty for a new one")
                % {"value": given},
            )
        if uid in self.look.taken or uid in self.seen:
            return None, (
                _("an activity with id %(uid)s is already in the registry or earlier in this file")
                % {"uid": uid},
            )
        self.seen.add(uid)
        return uid, ()

    def row(self, cells: Sequence[Any]) -> tuple[Checked | None, list[tuple[str, str]]]:
        """The row ready to write, or the (column, message) pairs saying what is wrong in it, in the
        order create_activity would name them."""
        padded = list(cells[: self.width])
        padded.extend([None] * (self.width + 1 - len(padded)))
        (given, kind, title, start, end, status, place, parties, agreements, commitments, direction, head,
         size, description) = self.cells(padded)  # fmt: skip
        problems: list[tuple[str, str]] = []
        # Each answer is (value, messages); the messages are empty on all but a bad file's rows.
        kind, wrong = self.kind(kind)
        if wrong:
            problems += [("kind", m) for m in wrong]
        status, wrong = self.status(status)
        if wrong:
            problems += [("status", m) for m in wrong]
        title, description = _text(title), _text(description)
        if len(title) > 500 or "\x00" in title:
            title, wrong = _asked(text_field, "title", title, max_length=500)
            problems += [("title", m) for m in wrong]
        if "\x00" in description:
            description, wrong = _asked(text_field, "description", description)
            problems += [("description", m) for m in wrong]
        direction, wrong = self.direction(direction)
        if wrong:
            problems += [("direction", m) for m in wrong]
        (start, start_date), wrong = self.date(start)
        if wrong:
            problems += [("date", m) for m in wrong]
        (end, end_date), wrong = self.end_date(end)
        if wrong:
            problems += [("end_date", m) for m in wrong]
        if start_date is not None and end_date is not None:
            errors = Errors()
            check_order(errors, start_date, end_date, "end_date", _("start date"))
            problems += [("end_date", m) for m in errors.messages.get("end_date", ())]
        if start_date is None and status == "held" and not any(c == "date" for c, _ in problems):
            problems.append(("date", _("an activity that was held needs a date (at least the year)")))
        if direction and kind and kind != "visit":
            problems.append(("direction", _("only a visit has a direction (incoming or outgoing)")))
        linked = []
        for column, answers, value in (
            ("delegation_size", self.size, size), ("place", self.place, place),
            ("parties", self.parties, parties), ("agreements", self.agreements, agreements),
            ("commitments", self.commitments, commitments), ("head_of_delegation", self.head, head),
        ):  # fmt: skip
            result, wrong = answers(value)
            if wrong:
                problems += [(column, m) for m in wrong]
            linked.append(result)
        uid, wrong = self._id(given)
        if wrong:
            problems += [("id", m) for m in wrong]
        if problems:
            if uid is not None:  # an id on a bad row does not make a later row with that id a repeat
                self.seen.discard(uid)
            return None, problems
        size, place, parties, agreements, commitments, head = linked
        return Checked(
            uid, kind, title, start, end, place, status, direction, head, size, description, parties,
            agreements, commitments,
        ), problems  # fmt: skip


def _grouped(number: int, problems: list[tuple[str, str]]) -> list[RowError]:
    """A row's messages column by column, each column where it first went wrong (as Errors orders them)."""
    by_column: dict[str, list[str]] = {}
    for column, message in problems:
        by_column.setdefault(column, []).append(message)
    return [RowError(number, column, m) for column, messages in by_column.items() for m in messages]


def check_rows(
    header: Sequence[str], rows: Iterable[tuple[int, Sequence[Any]]]
) -> tuple[list[Checked], _Lookups]:
    """Every row checked; raises ImportRefused listing every bad cell (row number and column)."""
    unknown = [c for c in header if c and c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        use = _("unknown column: use %(columns)s") % {"columns": ", ".join(COLUMNS)}
        refused = [RowError(1, c, use) for c in unknown]
        refused += [RowError(1, c, _("this column is required")) for c in missing]
        raise ImportRefused(refused)
    listed = list(rows)
    look = _Lookups(header, listed)
    checker = _Checker(header, look)
    good: list[Checked] = []
    problems: list[RowError] = []
    for number, cells in listed:
        row, wrong = checker.row(cells)
        if row is not None:
            good.append(row)
        else:
            problems += _grouped(number, wrong)
    if problems:
        raise ImportRefused(problems)
    if not good:
        raise ImportRefused([RowError(2, "kind", _("the file has no rows to import"))])
    return good, look


def _check_permission(user: Any, rows: list[Checked]) -> None:
    """The same rule as the web form: the user may add activities under each agreement named."""
    from hoptac.accounts.permissions import require_create
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement

    pks = {pk for r in rows for pk in r.agreements}
    for agreement in Agreement.objects.filter(pk__in=pks):
        require_create(user, Activity, agreement)
    if any(not r.agreements for r in rows):
        require_create(user, Activity)


def _latest_per_place(rows: list[Checked]) -> dict[str, str]:
    """The latest date among the rows of each place they name (host or party)."""
    latest: dict[str, str] = {}
    for row in rows:
        if row.date:
            for code in {row.place, *row.parties} - {None}:
                assert code is not None
                if row.date > latest.get(code, ""):
                    latest[code] = row.date
    return latest


def import_activities(path: Path, user: Any = None, reason: str | None = None) -> ImportResult:
    """Import every row of a CSV or XLSX file as an activity: all rows or, on any error, none."""
    from hoptac.activities import bounds
    from hoptac.imports.reading import read_sheet
    from hoptac.imports.writing import write_activities

    started = time.perf_counter()
    header, rows = read_sheet(path)
    read_rows = list(rows)
    read = time.perf_counter()
    good, look = check_rows(header, read_rows)
    if user is not None:
        _check_permission(user, good)
    checked = time.perf_counter()
    with transaction.atomic():
        people = write_activities(good, look, user, reason or f"bulk import of {path.name}", timezone.now())
        # Rows went in by COPY, past the signals that keep cached pages fresh and places' bounds right.
        freshness.changed()
        bounds.raise_for(_latest_per_place(good))
    done = time.perf_counter()
    return ImportResult(
        len(good),
        done - started,
        people,
        {"read": read - started, "check": checked - read, "write": done - checked},
    )
