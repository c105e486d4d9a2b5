"""Checking sheet rows of activities by the rules of create_activity, before any is written.

Each distinct cell is checked once (see cells); a good row comes out as a Checked tuple ready to
write, a bad one as messages naming its row and column, and the file is refused if any row is bad.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from hoptac.core.validation import Errors, check_order, choice_field, text_field
from hoptac.imports.cells import Answer, Cells, asked, cell_list, cell_text, date_answer
from hoptac.imports.lookups import Lookups
from hoptac.imports.problems import ImportRefused, RowError

COLUMNS = (
    "id", "kind", "title", "date", "end_date", "status", "place", "parties", "agreements", "commitments",
    "direction", "head_of_delegation", "delegation_size", "description",
)  # fmt: skip
REQUIRED = ("kind",)


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


class _Checker:
    """The rules of create_activity, applied to sheet rows; each distinct cell is checked once."""

    def __init__(self, header: Sequence[str], look: Lookups) -> None:
        from hoptac.activities.models import Activity
        from hoptac.agreements.models import Agreement, Commitment

        self.look = look
        self.width = len(header)
        # Columns the sheet lacks read the None appended after its last column.
        self.cells = itemgetter(*(header.index(c) if c in header else self.width for c in COLUMNS))
        kinds, statuses = tuple(Activity.Kind.values), tuple(Activity.Status.values)
        directions = tuple(Activity.Direction.values)
        self.kind = Cells(lambda v: asked(choice_field, "kind", cell_text(v), kinds))
        self.status = Cells(lambda v: asked(choice_field, "status", cell_text(v) or "held", statuses))
        self.direction = Cells(
            lambda v: asked(choice_field, "direction", cell_text(v), directions, required=False)
        )
        self.date = Cells(lambda v: date_answer("date", v))
        self.end_date = Cells(lambda v: date_answer("end_date", v))
        self.size = Cells(self._size)
        self.place = Cells(self._place)
        self.parties = Cells(self._parties)
        self.agreements = Cells(lambda v: self._records(v, look.agreements, Agreement._meta.verbose_name))
        self.commitments = Cells(lambda v: self._records(v, look.commitments, Commitment._meta.verbose_name))
        self.head = Cells(self._head)
        self.seen: set[str] = set()
        self.new_uids = _new_uids()

    @staticmethod
    def _size(value: Any) -> Answer:
        size = cell_text(value)
        if not size:
            return None, ()
        # isdecimal, not isdigit: int() refuses "²", which isdigit would let through.
        if not size.isdecimal():
            return None, (_("'%(value)s' is not a whole number of people (0 or more)") % {"value": size},)
        return int(size), ()

    def _place(self, value: Any) -> Answer:
        text = cell_text(value)
        if not text:
            return None, ()
        code, problem = self.look.place(text)
        return code, (problem,) if problem else ()

    def _parties(self, value: Any) -> Answer:
        codes: list[str] = []
        problems: list[str] = []
        for text in cell_list(value):
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
        for text in cell_list(value):
            uid = self.look.uid_text(text)
            if uid is None or uid not in known:
                problems.append(_("no %(model)s with id '%(value)s'") % {"model": what, "value": text})
            elif known[uid] not in pks:
                pks.append(known[uid])
        return tuple(pks), tuple(problems)

    def _head(self, value: Any) -> Answer:
        head = cell_text(value) or None
        uid = self.look.uid_text(head) if head else None
        if uid is not None and uid not in self.look.people:
            from hoptac.people.models import Person

            return head, (
                _("no %(model)s with id '%(value)s'") % {"model": Person._meta.verbose_name, "value": head},
            )
        return head, ()

    def _id(self, value: Any) -> Answer:
        given = cell_text(value)
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
        title, description = cell_text(title), cell_text(description)
        if len(title) > 500 or "\x00" in title:
            title, wrong = asked(text_field, "title", title, max_length=500)
            problems += [("title", m) for m in wrong]
        if "\x00" in description:
            description, wrong = asked(text_field, "description", description)
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
    header: Sequence[str], rows: Iterable[tuple[int, Sequence[Any]]], user: Any = None
) -> tuple[list[Checked], Lookups]:
    """Every row checked; raises ImportRefused listing every bad cell (row number and column).

    With a user, the agreements and commitments named are looked up among those the user sees."""
    unknown = [c for c in header if c and c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        use = _("unknown column: use %(columns)s") % {"columns": ", ".join(COLUMNS)}
        refused = [RowError(1, c, use) for c in unknown]
        refused += [RowError(1, c, _("this column is required")) for c in missing]
        raise ImportRefused(refused)
    listed = list(rows)
    look = Lookups(header, listed, user)
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
