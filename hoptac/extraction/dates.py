"""Dates and periods as Vietnamese news writes them, read into ISO 8601 partial dates.

"Sáng 28/12" → --12-28, "tháng 4/2018" → 2018-04, "01/1/2023" → 2023-01-01, "giai đoạn 2022 - 2027" →
a period. A missing year is never guessed here: callers fill it from the dateline or from a statement that
fixes the time, and only where the spec allows.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, replace

from .normalize import lowers_exactly

YEAR = r"(?:19[4-9]\d|20\d\d|21\d\d)"
_D = r"(?P<d>[0-3]?\d)"
_M = r"(?P<m>[01]?\d)"
_Y = rf"(?P<y>{YEAR})"
_SEP = r"\s*[/.\-]\s*"
_DAYPART = r"(?:(?:sáng|chiều|tối|trưa|đêm|hôm|rạng sáng)(?:\s+ngày)?|ngày|từ|đến|tới|hôm nay)"

# Order matters: the most complete form is tried first at each position.
_POINT_RE = re.compile(
    "|".join(
        [
            rf"(?<![\d/])(?:ngày\s+)?{_D}{_SEP}{_M}{_SEP}{_Y}(?![\d/])",
            rf"ngày\s+{_D}\s+tháng\s+{_M}(?:\s*(?:năm|,)\s*{_Y})?(?!\d)".replace("?P<", "?P<l"),
            rf"tháng\s+{_M}(?:{_SEP}|\s+năm\s+){_Y}(?![\d/])".replace("?P<", "?P<t"),
            rf"(?<![\d/]){_DAYPART}\s+{_D}\s*/\s*{_M}(?![\d/])".replace("?P<", "?P<s"),
            # "Sáng 20-3", "ngày 10.9": a dash or a dot after a day word, where no year follows.
            rf"(?<![\d/]){_DAYPART}\s+{_D}[.\-]{_M}(?![\d/.\-]?\d)".replace("?P<", "?P<r"),
            rf"(?<![\d/])\(\s*{_D}\s*/\s*{_M}\s*\)".replace("?P<", "?P<p"),
            rf"(?<!\w)(?:trong\s+)?năm\s+{_Y}(?!\d)".replace("?P<", "?P<n"),
            # "quý I/2024": a quarter is no ISO precision, so only its year is kept.
            rf"(?<!\w)quý\s+(?:I{{1,3}}|IV|[1-4])\s*(?:/|năm\s+|-\s*){_Y}(?!\d)".replace("?P<", "?P<q"),
        ]
    ),
    re.IGNORECASE,
)

# The same pattern for lower-cased text, without re.IGNORECASE: a case-insensitive Unicode pattern is
# several times slower to scan. Where lower-casing is not exact (normalize.lowers_exactly), the first runs.
_POINT_LOWER = re.compile(_POINT_RE.pattern.replace("I{1,3}|IV", "i{1,3}|iv"))

_RANGE_YEARS = re.compile(
    rf"(?P<label>giai đoạn|nhiệm kỳ|thời kỳ|niên khóa|năm học|kế hoạch)?\s*(?:từ\s+)?(?:năm\s+)?"
    rf"(?<!\d)(?P<a>{YEAR})\s*(?:-|đến|tới|–)\s*(?:năm\s+)?(?P<b>{YEAR})(?!\d)",
    re.IGNORECASE,
)
# Two years joined as _RANGE_YEARS joins them; it starts with a digit, so it is scanned fast.
_YEAR_PAIR = re.compile(rf"{YEAR}\s*(?:-|đến|tới|–)\s*(?:năm\s+)?{YEAR}", re.IGNORECASE)
_RANGE_MONTHS = re.compile(
    rf"từ\s+(?:tháng\s+)?(?P<m1>[01]?\d){_SEP}(?P<y1>{YEAR})\s*(?:đến|tới|-)\s*(?:tháng\s+)?(?P<m2>[01]?\d){_SEP}"
    rf"(?P<y2>{YEAR})",
    re.IGNORECASE,
)
_SINCE = re.compile(
    rf"(?:từ|kể từ)\s+(?:(?:tháng\s+(?P<m>[01]?\d){_SEP})|năm\s+)?(?P<y>{YEAR})\s+(?:đến nay|tới nay|đến hiện nay)",
    re.IGNORECASE,
)
_MONTHS_OF_YEAR = re.compile(
    rf"(?P<n>\d{{1,2}}|sáu|chín)\s+tháng\s+(?:đầu\s+)?(?:của\s+)?năm\s+(?P<y>{YEAR})",
    re.IGNORECASE,
)
_UNTIL = re.compile(rf"(?:đến|tới)\s+(?:hết\s+)?(?:cuối\s+)?năm\s+(?P<y>{YEAR})", re.IGNORECASE)

DATELINE_RE = re.compile(
    r"^[^\d\n]{0,40}?(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[|,\-]\s*)?)?(?:ngày\s+)?"
    r"(?P<d>[0-3]?\d)\s*[/.\-]\s*(?P<m>[01]?\d)\s*[/.\-]\s*(?P<y>(?:19|20)\d\d)"
    r"(?:\s*[|,\-]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?)?(?:\s*\(?(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?00)?\)?)?\s*$",
    re.IGNORECASE,
)
_ANY_DIGIT = re.compile(r"\d")
_WORD_MONTHS = {"sáu": 6, "chín": 9}


@dataclass(frozen=True)
class DateMention:
    """A point in time written in the text; any part may be missing except as ISO 8601 allows."""

    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str | None:
        """ISO 8601 with the precision the text gives: 2024-12-12, 2018-04, 2022, --09-18, or None."""
        return iso_date(self.year, self.month, self.day)

    def with_year(self, year: int | None) -> DateMention:
        """The same date with a year filled in where the text left it out."""
        if self.year is not None or year is None:
            return self
        return replace(self, year=year)


@dataclass(frozen=True)
class Period:
    """A span of time: "giai đoạn 2022-2027", "từ tháng 10/2022 đến tháng 10/2024", "8 tháng năm 2024"."""

    start: int
    end: int
    first: str | None
    last: str | None
    labelled: bool = False
    until_now: bool = False

    @property
    def first_year(self) -> int | None:
        """The year the period starts, if any."""
        return int(self.first[:4]) if self.first else None

    @property
    def last_year(self) -> int | None:
        """The year the period ends, if any."""
        return int(self.last[:4]) if self.last else None


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        if month is None:
            return False
        return 1 <= day <= calendar.monthrange(year or 2000, month)[1]
    return year is not None or month is not None


def iso_date(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    """ISO 8601 partial date; None when nothing is known or it does not exist (31/2)."""
    if not _valid(year, month, day):
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}" if month and day else None
    out = f"{year:04d}"
    if month is not None:
        out += f"-{month:02d}"
        if day is not None:
            out += f"-{day:02d}"
    return out


def _int(value: str | None) -> int | None:
    return int(value) if value else None


_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20|21)\d\d(?!\d)")


@functools.lru_cache(maxsize=4096)
def find_periods(text: str) -> tuple[Period, ...]:
    """Spans of time in the text, in order of position (cached: several rules ask about one sentence)."""
    years = len(_HAS_YEAR.findall(text))
    if not years:
        return ()
    # Each pattern needs a word the lower-cased sentence must hold; testing for it first skips the
    # pattern scan over most sentences (a case-insensitive Unicode pattern is slow to scan).
    low = text.lower()
    out: list[Period] = []
    for m in _RANGE_MONTHS.finditer(text) if "từ" in low else ():
        first = iso_date(int(m["y1"]), int(m["m1"]))
        last = iso_date(int(m["y2"]), int(m["m2"]))
        if first and last and first <= last:
            out.append(Period(m.start(), m.end(), first, last))
    ranges = years >= 2 and _YEAR_PAIR.search(text)
    for m in _RANGE_YEARS.finditer(text) if ranges else ():
        a, b = int(m["a"]), int(m["b"])
        if a <= b <= a + 30 and not any(p.start <= m.start("a") < p.end for p in out):
            out.append(
                Period(
                    m.start("label") if m["label"] else m.start("a"),
                    m.end(),
                    str(a),
                    str(b),
                    bool(m["label"]),
                )
            )
    for m in _SINCE.finditer(text) if "nay" in low else ():
        if not any(p.start <= m.start() < p.end for p in out):
            out.append(Period(m.start(), m.end(), iso_date(int(m["y"]), _int(m["m"])), None, until_now=True))
    for m in _MONTHS_OF_YEAR.finditer(text) if "tháng" in low and "năm" in low else ():
        n = int(m["n"]) if m["n"].isdigit() else _WORD_MONTHS[m["n"].lower()]
        if 1 <= n <= 12:
            year = int(m["y"])
            out.append(Period(m.start(), m.end(), iso_date(year, 1), iso_date(year, n)))
    for m in _UNTIL.finditer(text) if "năm" in low and ("đến" in low or "tới" in low) else ():
        if not any(p.start <= m.start() < p.end for p in out):
            out.append(Period(m.start(), m.end(), None, m["y"]))
    return tuple(sorted(out, key=lambda p: p.start))


@functools.lru_cache(maxsize=4096)
def find_dates(text: str, skip_periods: bool = True) -> tuple[DateMention, ...]:
    """Points in time in the text (dates inside a period such as "giai đoạn 2022-2027" are left out)."""
    if not _ANY_DIGIT.search(text):
        return ()
    periods = find_periods(text) if skip_periods else ()
    out: list[DateMention] = []
    lowered = text.lower()
    exact = lowers_exactly(text, lowered)
    for m in _POINT_LOWER.finditer(lowered) if exact else _POINT_RE.finditer(text):
        if any(p.start <= m.start() < p.end or p.start < m.end() <= p.end for p in periods):
            continue
        g = m.groupdict()
        year = _int(g["y"] or g["ly"] or g["ty"] or g["ny"] or g["qy"])
        month = _int(g["m"] or g["lm"] or g["tm"] or g["sm"] or g["rm"] or g["pm"])
        day = _int(g["d"] or g["ld"] or g["sd"] or g["rd"] or g["pd"])
        if _valid(year, month, day):
            out.append(DateMention(m.start(), m.end(), year, month, day))
    return tuple(out)


def find_dateline(text: str, head_lines: int = 12) -> str | None:
    """The publication date from a dateline near the top ("15:56 | 12/12/2024 GMT+7"), as YYYY-MM-DD."""
    for line in text.split("\n")[:head_lines] + text.split("\n")[-3:]:
        line = line.strip()
        if len(line) > 90:
            continue
        m = DATELINE_RE.match(line)
        if m:
            found = iso_date(int(m["y"]), int(m["m"]), int(m["d"]))
            if found:
                return found
    return None


# A publication month in the article's address: "/202105/", "/2021/05/", "-20210512".
_URL_MONTH = re.compile(rf"[/\-_](?P<y>{YEAR})(?:/?(?P<m>0[1-9]|1[0-2]))(?:/?[0-3]\d)?(?=[/\-_.]|$)")
_EFFECTIVE = re.compile(r"hiệu\s+lực\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
_YEAR_ONLY = re.compile(rf"(?<!\d){YEAR}(?!\d)")
# "trong 8 tháng (đầu) (của) năm 2024", "trong năm 2014", "cả năm 2023": a statement that fixes the time.
_STATED_BEFORE = re.compile(
    r"(?:(?:\d{1,2}|sáu|chín)\s+tháng\s+(?:đầu\s+)?(?:của\s+)?|(?:trong|của|cả)\s+)năm\s+$", re.IGNORECASE
)
_RANGE_AFTER = re.compile(r"\s*[-–]\s*\d")
_SINCE_START_BEFORE = re.compile(r"từ đầu năm\s+$", re.IGNORECASE)
_UNTIL_NOW_AFTER = re.compile(r"\s+đến nay", re.IGNORECASE)
_DAY_MONTH_BEFORE = re.compile(rf"(?<![\d/]){_D}{_SEP}{_M}{_SEP}$")


def url_year(text: str) -> int | None:
    """The year of a publication month written in the article's address (its first line)."""
    first = text.lstrip().split("\n", 1)[0].strip()
    if not re.match(r"https?://\S+$", first):
        return None
    m = _URL_MONTH.search(first.split("://", 1)[1])
    return int(m["y"]) if m else None


def reference_year(text: str, published: str | None) -> int | None:
    """The year the article speaks from: the dateline's; else the address's publication month; else that
    of a statement fixing the time ("trong 8 tháng của năm 2024", "trong năm 2014" reported at the
    meeting); else the latest full date the text gives ("ngày 5-9-2025")."""
    if published:
        return int(published[:4])
    found = url_year(text)
    if found:
        return found
    # One pass over the years written in the text, each judged by the words just before it (a pattern
    # over the whole text per kind of statement costs a tenth of the reading time).
    stated: list[int] = []
    full: list[int] = []
    for m in _YEAR_ONLY.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        after = text[m.end() : m.end() + 12]
        # Both statements end "năm" and a space, a day-month a separator: cheap tests before the patterns.
        tail = before.rstrip()
        named = tail != before and tail[-3:].lower() == "năm"
        if named and (
            (_STATED_BEFORE.search(before) and not _RANGE_AFTER.match(after))
            or (_SINCE_START_BEFORE.search(before) and _UNTIL_NOW_AFTER.match(after))
        ):
            stated.append(int(m.group()))
        elif tail[-1:] in ("/", ".", "-") and (day := _DAY_MONTH_BEFORE.search(before)):
            # A date an agreement takes effect may lie after the article; the other full dates do not.
            at = m.start() - len(before) + day.start()
            if not _EFFECTIVE.search(text, max(0, at - 30), at):
                full.append(int(m.group()))
    if stated:
        return max(stated)
    return max(full) if full else None
