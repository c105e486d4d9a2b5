"""What an import says when it refuses a file: each bad cell (row, column, message) and the refusal."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
