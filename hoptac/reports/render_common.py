"""What the renderers share: a table cell as text."""

from __future__ import annotations

from typing import Any

from hoptac.reports.formatting import format_number, format_ratio
from hoptac.reports.model import Quantity
from hoptac.reports.wording import quantity_text


def cell_text(value: Any, kind: str) -> str:
    """A cell as the printed table shows it: 215.414; 687,4 triệu USD; 20%; blank for nothing."""
    if value is None or value == "":
        return ""
    if isinstance(value, Quantity):
        return quantity_text(value.value, value.unit)
    if kind == "count":
        return format_number(value)
    if kind == "ratio":
        return format_ratio(value)
    return str(value)
