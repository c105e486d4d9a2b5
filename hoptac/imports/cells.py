"""Reading sheet cells: a cell as text, a date or a list, and each distinct cell checked once.

A sheet repeats the same few kinds, dates and parties on thousands of rows, so each distinct cell
is checked once, by the same helpers the services use (same rules, same messages), and the answer
is remembered.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable
from typing import Any

from hoptac.core.validation import Errors, date_field

_LIST = re.compile(r"[;,\s]+")
_VN_DATE = re.compile(r"^(?:(\d{1,2})/)?(\d{1,2})/(\d{4})$")


def cell_text(value: Any) -> str:
    """A cell as stripped text: "" for an empty cell, "12" for a spreadsheet's 12.0."""
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
    text = cell_text(value)
    match = _VN_DATE.match(text)
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    return text


def cell_list(value: Any) -> list[str]:
    """The ids or places written in one cell, split at commas, semicolons and spaces."""
    return [v for v in _LIST.split(cell_text(value)) if v]


Answer = tuple[Any, tuple[str, ...]]  # a cell's value as stored, and the messages saying what is wrong


class Cells:
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


def asked(helper: Callable[..., Any], column: str, value: Any, *args: Any, **kwargs: Any) -> Answer:
    """Run one of the services' field helpers on a single value; its result and its messages."""
    errors = Errors()
    result = helper(errors, {column: value}, column, *args, **kwargs)
    return result, tuple(errors.messages.get(column, ()))


def date_answer(column: str, value: Any) -> Answer:
    """A date cell as (ISO text, PartialDate) — the text to store, the date to compare with another."""
    partial, messages = asked(date_field, column, _date_text(value))
    return (None if partial is None else partial.isoformat(), partial), messages
