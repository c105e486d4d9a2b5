"""The records a sheet names — places, agreements, commitments, people, taken ids — fetched in a few queries.

They are looked up once for the whole file, not per row, so checking a row is a handful of
dictionary look-ups.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hoptac.core.validation import as_uuid
from hoptac.imports.cells import cell_list, cell_text


class Lookups:
    """Every place, agreement, commitment and person the file names, fetched in a few queries."""

    def __init__(
        self, header: Sequence[str], rows: list[tuple[int, Sequence[Any]]], user: Any = None
    ) -> None:
        from hoptac.activities.models import Activity
        from hoptac.agreements.models import Agreement, Commitment
        from hoptac.people.models import Person
        from hoptac.places.models import Place

        self.places = set(Place.objects.values_list("code", flat=True))
        self.resolved: dict[str, str | None] = {}
        self.uids: dict[str, str | None] = {}
        # With a user, agreements and commitments are looked up among those the user sees: a hidden one
        # answers "no agreement with id …", as a missing one does (no existence oracle).
        self.agreements = self._by_uid(Agreement, self._written(header, rows, "agreements"), user)
        self.commitments = self._by_uid(Commitment, self._written(header, rows, "commitments"), user)
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
            return {cell_text(cell) for cell in cells}
        return {v for cell in cells for v in cell_list(cell)}

    def _by_uid(self, model: Any, written: set[str], user: Any = None) -> dict[str, int]:
        from hoptac.core.permissions import visible

        records = model.objects.all() if user is None else visible(user, model.objects.all())
        wanted = sorted({u for v in written if (u := self.uid_text(v)) is not None})
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 5_000):
            part = wanted[start : start + 5_000]
            found.update((str(u), pk) for pk, u in records.filter(uid__in=part).values_list("pk", "uid"))
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
