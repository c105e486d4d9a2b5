"""Vietnamese number grammar: separators, scale words, number words, currencies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.extraction.numbers import find_amounts, parse_count, parse_number, words_to_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("215.414", 215414),
        ("1.216", 1216),
        ("24,4", 24.4),
        ("1.234.567", 1234567),
        ("1.234,5", 1234.5),
        ("04", 4),
        ("6.4", 6.4),
        ("12", 12),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "12/12"])
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("mười", 10),
        ("mười lăm", 15),
        ("hai mươi mốt", 21),
        ("một trăm linh năm", 105),
        ("ba nghìn", 3000),
        ("hai triệu", 2_000_000),
        ("năm", 5),
    ],
)
def test_words_to_number(words: str, value: int) -> None:
    assert words_to_number(words) == value


def test_words_that_are_not_a_number() -> None:
    assert words_to_number("hai ba") is None
    assert words_to_number("tỉnh") is None


def test_amounts_in_a_sentence() -> None:
    s = (
        "Kim ngạch đạt 687,4 triệu USD, thu ngân sách hơn 7.753 tỷ đồng, tăng 6,5%; "
        "viện trợ 2 tỷ kíp và 1,2 nghìn tỷ đồng."
    )
    found = [(a.value, a.unit) for a in find_amounts(s)]
    assert found == [
        (pytest.approx(687_400_000), "USD"),
        (pytest.approx(7_753_000_000_000), "VND"),
        (pytest.approx(6.5), "percent"),
        (pytest.approx(2_000_000_000), "LAK"),
        (pytest.approx(1_200_000_000_000), "VND"),
    ]


def test_dates_times_and_codes_are_not_amounts() -> None:
    s = "Lúc 15:56 ngày 12/12/2024, Đội K53 cùng 2 đồng chí đến."
    assert [(a.value, a.unit) for a in find_amounts(s)] == [(2, "count")]


@given(st.integers(min_value=0, max_value=10**12))
def test_dot_thousands_round_trip(n: int) -> None:
    written = f"{n:,}".replace(",", ".")
    assert parse_number(written) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=9))
def test_comma_decimal_round_trip(whole: int, tenth: int) -> None:
    assert parse_number(f"{whole},{tenth}") == pytest.approx(whole + tenth / 10)


_UNITS = ["", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _say(n: int) -> str:
    """Say 1..999 the standard way, for the round-trip property."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    parts = [f"{_UNITS[hundreds]} trăm"] if hundreds else []
    if tens == 0 and units:
        parts.append(("linh " if hundreds else "") + _UNITS[units])
    elif tens == 1:
        parts.append("mười" + (" " + ("lăm" if units == 5 else _UNITS[units]) if units else ""))
    elif tens:
        unit_word = {1: "mốt", 5: "lăm"}.get(units, _UNITS[units])
        parts.append(f"{_UNITS[tens]} mươi" + (f" {unit_word}" if units else ""))
    return " ".join(parts)


@given(st.integers(min_value=1, max_value=999))
def test_number_words_round_trip(n: int) -> None:
    assert words_to_number(_say(n)) == n


@given(st.text(max_size=40))
def test_parsers_never_crash(text: str) -> None:
    parse_number(text)
    words_to_number(text)
    parse_count(text)
    find_amounts(text)
