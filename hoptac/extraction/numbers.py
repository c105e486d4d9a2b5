"""Vietnamese numbers: dot thousands and comma decimals, scale words (nghìn, triệu, tỷ), number words
("mười suất", "hai mươi lăm"), currencies and percentages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import finditer_at

# Digits with separators; the lookarounds keep dates (12/12/2024), times (15:56) and codes (K53) out.
NUMBER = r"(?<![\w/.,:])\d+(?:[.,]\d+)*(?![\w/:]|[.,]\d)"

_UNITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "nhăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
_WORD_SCALES = {"trăm": 100, "nghìn": 1000, "ngàn": 1000, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_ALL_WORDS = [*_UNITS, "mười", "mươi", "linh", "lẻ", *_WORD_SCALES]
NUMBER_WORDS = r"(?<!\w)(?:(?:" + "|".join(sorted(_ALL_WORDS, key=len, reverse=True)) + r")(?:\s+|(?=\W)|$))+"
_WORD_RE = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
# Number words as plain alternatives (no lookbehind first), which the regex engine scans quickly.
_NUMBER_WORD = re.compile("|".join(sorted(_ALL_WORDS, key=len, reverse=True)))


def number_starts(text: str) -> list[int]:
    """Where a NUMBER or NUMBER_WORDS can start: every run of digits and every number word, also one inside
    a longer word (the full pattern, tried there, rejects it)."""
    digits = [m.start() for m in _DIGITS.finditer(text)]
    return sorted(digits + [m.start() for m in _NUMBER_WORD.finditer(text)])


SCALES = {
    "nghìn tỷ": 10**12,
    "ngàn tỷ": 10**12,
    "nghìn tỉ": 10**12,
    "ngàn tỉ": 10**12,
    "nghìn": 10**3,
    "ngàn": 10**3,
    "triệu": 10**6,
    "tỷ": 10**9,
    "tỉ": 10**9,
}
SCALE = "(?:" + "|".join(sorted(SCALES, key=len, reverse=True)) + ")"

# Written currency → ISO 4217. "đồng" alone is the dong: the genre writes "tỷ đồng" for VND.
CURRENCIES = {
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "đô la mỹ": "USD",
    "đô-la mỹ": "USD",
    "đô la": "USD",
    "đôla": "USD",
    "đô": "USD",
    "vnd": "VND",
    "vnđ": "VND",
    "đồng": "VND",
    "đ": "VND",
    "nhân dân tệ": "CNY",
    "ndt": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "baht": "THB",
    "bạt": "THB",
    "thb": "THB",
    "kíp": "LAK",
    "kip": "LAK",
    "lak": "LAK",
    "riel": "KHR",
    "riên": "KHR",
    "khr": "KHR",
    "won": "KRW",
    "krw": "KRW",
    "yên nhật": "JPY",
    "yên": "JPY",
    "jpy": "JPY",
    "euro": "EUR",
    "eur": "EUR",
}
CURRENCY = (
    r"(?:"
    + "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
    + r")(?!\w)(?<!đồng(?=\s(?:chí|bào|thời|ý|hành|tình)))"
)
PERCENT = r"(?:%|phần trăm(?!\w))"

AMOUNT_RE = re.compile(
    rf"(?P<num>{NUMBER})(?:\s*(?P<scale>{SCALE})(?!\w))?\s*(?:(?P<pct>{PERCENT})|(?P<cur>{CURRENCY}))?",
    re.IGNORECASE,
)


def parse_number(token: str) -> float | None:
    """Read one written number: "215.414" → 215414, "24,4" → 24.4, "1.234,5" → 1234.5, "04" → 4."""
    token = token.strip()
    if not token or not re.fullmatch(r"\d+(?:[.,]\d+)*", token):
        return None
    dots, commas = token.count("."), token.count(",")
    if dots and commas:
        # The right-most separator is the decimal one, the other groups thousands.
        dec = "," if token.rfind(",") > token.rfind(".") else "."
        thousands = "." if dec == "," else ","
        return float(token.replace(thousands, "").replace(dec, "."))
    sep = "." if dots else "," if commas else ""
    if not sep:
        return float(token)
    groups = token.split(sep)
    if len(groups) > 2:
        # 1.234.567 (or the English 1,234,567): only thousands separators repeat.
        return float("".join(groups)) if all(len(g) == 3 for g in groups[1:]) else None
    if sep == "." and len(groups[1]) == 3:
        return float("".join(groups))  # Vietnamese thousands: 7.753
    return float(groups[0] + "." + groups[1])  # a comma (or a dot before 1-2 digits) is a decimal


def words_to_number(text: str) -> int | None:
    """Read Vietnamese number words: "mười" → 10, "hai mươi lăm" → 25, "một trăm linh năm" → 105."""
    words = _WORD_RE.findall(text.lower())
    if not words:
        return None
    total = 0  # completed groups of thousands, millions ...
    group = 0  # the current group below the next scale word
    current: int | None = None  # the last digit word not yet placed
    for word in words:
        if word in _UNITS:
            if current is not None:
                return None  # "hai ba" is not a number
            current = _UNITS[word]
        elif word == "mười":
            if current is not None:
                return None
            group += 10
        elif word == "mươi":
            if current is None:
                return None
            group += current * 10
            current = None
        elif word in ("linh", "lẻ"):
            continue
        elif word == "trăm":
            group += (1 if current is None else current) * 100
            current = None
        elif word in _WORD_SCALES:
            scale = _WORD_SCALES[word]
            chunk = group + (current or 0)
            if chunk == 0 and total:
                total *= scale  # "nghìn tỷ": a scale of a scale
            else:
                total += (chunk or 1) * scale
            group, current = 0, None
        else:
            return None  # not a number word
    return total + group + (current or 0)


def parse_count(text: str) -> int | None:
    """A whole count written in digits ("04", "1.216") or words ("mười"); None when not a count."""
    value = parse_number(text)
    if value is None:
        value = words_to_number(text)
    if value is None or value != int(value):
        return None
    return int(value)


@dataclass(frozen=True)
class Amount:
    """A quantity found in text: value in base units, unit (`count`, `percent` or ISO 4217) and span."""

    value: float
    unit: str
    start: int
    end: int


def scale_of(word: str | None) -> int:
    """The multiplier of a scale word ("triệu" → 1 000 000); 1 when there is none."""
    return SCALES.get(" ".join(word.lower().split()), 1) if word else 1


def find_amounts(text: str) -> list[Amount]:
    """Every number in the text with its scale and unit: "24,4 triệu USD" → 24 400 000 USD."""
    out: list[Amount] = []
    # Every amount starts at a digit: only those places are tried (scanning the case-insensitive pattern
    # over every position is slow).
    for m in finditer_at(AMOUNT_RE, text, (d.start() for d in _DIGIT.finditer(text))):
        value = parse_number(m["num"])
        if value is None:
            continue
        value *= scale_of(m["scale"])
        if m["pct"]:
            unit = "percent"
        elif m["cur"]:
            unit = CURRENCIES[m["cur"].lower()]
        else:
            unit = "count"
        out.append(Amount(value, unit, m.start(), m.end()))
    return out


def clean_value(value: float) -> int | float:
    """An int when the value is whole (JSON prints 10, not 10.0)."""
    return int(value) if float(value).is_integer() else round(value, 6)
