"""The report as data: header, sections, signature, annex tables and charts, shared by every renderer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hoptac.core.dates import PartialDate

# Tables longer than this are cut in the printable formats (DOCX, PDF, HTML); the XLSX annex keeps every row.
DOCUMENT_ROW_LIMIT = 200


@dataclass(frozen=True)
class Quantity:
    """A number with its unit (count, percent, scholarship, or an ISO 4217 currency such as USD)."""

    value: Decimal
    unit: str


@dataclass(frozen=True)
class Column:
    """A column of an annex table: its title, what its cells hold and its width in characters."""

    title: str
    kind: str = "text"  # text | count | year | quantity (a Quantity) | ratio (a fraction, shown as %)
    width: float = 14


@dataclass
class Table:
    """An annex table: one sheet of the XLSX annex, one table in the printable formats."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    in_document: bool = True
    note: str = ""

    def document_rows(self) -> list[list[Any]]:
        """The rows shown in a printable document (cut at DOCUMENT_ROW_LIMIT)."""
        return self.rows[:DOCUMENT_ROW_LIMIT]

    @property
    def cut(self) -> int:
        """How many rows the printable formats leave out."""
        return max(0, len(self.rows) - DOCUMENT_ROW_LIMIT)


@dataclass
class Chart:
    """A bar chart: a title and labelled values."""

    key: str
    title: str
    bars: list[tuple[str, float]]


@dataclass
class Section:
    """A numbered section ("I. KẾT QUẢ ..."): its heading and blocks of (style, text).

    Styles: "h" a bold sub-heading ("1. ..."), "p" a body paragraph, "item" a "- ..." line.
    """

    heading: str
    blocks: list[tuple[str, str]] = field(default_factory=list)

    def add(self, style: str, text: str) -> None:
        """Append a block."""
        self.blocks.append((style, text))

    def text(self) -> str:
        """All the section's text, one block a line."""
        return "\n".join([self.heading, *(text for _, text in self.blocks)])


@dataclass
class Header:
    """The document's header: bodies, number, place and date of issue."""

    parent: str
    issuer: str
    number: str
    place: str
    date: dt.date

    @property
    def place_and_date(self) -> str:
        """ "Kon Tum, ngày 05 tháng 01 năm 2025"."""
        day = PartialDate(self.date.year, self.date.month, self.date.day)
        return f"{self.place}, {day.long_vi()}"


@dataclass
class Signature:
    """The signature block: on behalf of (TM.), for (KT.), the signer's title and name."""

    on_behalf: str
    authority: str
    title: str
    name: str

    def lines(self) -> list[str]:
        """The bold capital lines above the signature space."""
        return [line.upper() for line in (self.on_behalf, self.authority, self.title) if line]


@dataclass
class Report:
    """A review report (báo cáo sơ kết / tổng kết) ready to render."""

    header: Header
    summary: str
    start: dt.date
    end: dt.date
    sections: list[Section]
    signature: Signature
    recipients: list[str]
    tables: list[Table]
    charts: list[Chart]
    agreements: list[str] = field(default_factory=list)  # uids of the agreements covered

    title: str = "BÁO CÁO"

    def text(self) -> str:
        """The body text (sections only), for tests and previews."""
        return "\n".join(section.text() for section in self.sections)

    def table(self, key: str) -> Table:
        """The annex table with this key."""
        return next(t for t in self.tables if t.key == key)

    @property
    def filename(self) -> str:
        """A file name without extension: bao-cao-2022-01-01-2024-12-31."""
        return f"bao-cao-{self.start.isoformat()}-{self.end.isoformat()}"
