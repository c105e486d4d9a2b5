"""The fast pattern scans (finditer_quick, finditer_at) find exactly what the plain scans find."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hoptac.extraction import agreements, figures, numbers, people
from hoptac.extraction.normalize import finditer_at, finditer_quick, lowers_exactly

# Words of the patterns, in both cases, with the characters around them, so random text hits them often.
_PIECES = [
    "ông ", "Ông ", "bà ", "BÀ ", "đồng chí ", "Ngài ", "anh ", "chị ", "Đại tá ", "không ", "công ",
    "Phó ", "chủ tịch ", "Chủ Tịch ", "bí thư ", "tỉnh trưởng ", "giám đốc ",
    "biên bản ", "Biên Bản ", "bản ghi nhớ ", "thỏa thuận hợp tác ", "Thoả thuận hợp tác ", "chương trình hợp tác ",
    "kế hoạch hợp tác ", "ký ", "này ",
    "hai ", "ba ", "mười ", "năm ", "2 ", "15 ", "1.200 ", "triệu ", "USD ", "%", "học bổng ", "đoàn ", "người ",
    "Nguyễn Văn A", "A", "x", ",", ".", "-", ":", ";", "(", ")", " ", "ı", "İ", "ſ",
]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=25).map("".join)


def _spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


_QUICK = [
    (people._HONORIFIC_RE, people._HONORIFIC_QUICK),
    (agreements._KIND_RE, agreements._KIND_QUICK),
    (agreements._ANAPHOR_RE, agreements._ANAPHOR_QUICK),
]


@pytest.mark.parametrize(("pattern", "quick"), _QUICK)
@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_finditer_quick_finds_what_finditer_finds(
    pattern: re.Pattern[str], quick: re.Pattern[str], text: str
) -> None:
    assert _spans(finditer_quick(pattern, text, quick, text.lower())) == _spans(pattern.finditer(text))


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_title_head_test_agrees_with_the_pattern(text: str) -> None:
    lowered = text.lower()
    assert people._has_head(lowered) == bool(people._HEAD_LOWER.search(lowered))


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_counts_and_amounts_are_found_at_number_starts(text: str) -> None:
    lowered = text.lower()
    counted = finditer_at(figures._COUNT_RE, lowered, numbers.number_starts(lowered))
    assert _spans(counted) == _spans(figures._COUNT_RE.finditer(lowered))
    digits = [m.start() for m in re.finditer(r"\d", text)]
    assert _spans(finditer_at(numbers.AMOUNT_RE, text, digits)) == _spans(numbers.AMOUNT_RE.finditer(text))


def test_lower_casing_that_is_not_exact_is_noticed() -> None:
    assert lowers_exactly("Ông A", "ông a")
    assert not lowers_exactly("İ", "İ".lower())  # two characters once lower-cased
    assert not lowers_exactly("quý ıı", "quý ıı")  # a dotless i matches "i" only case-insensitively


def test_finditer_quick_tries_every_candidate_after_a_miss() -> None:
    # "ông" inside "không" is a candidate the full pattern rejects; the honorific right after must still be found.
    text = "không ông Nguyễn Văn A"
    found = [
        m.start() for m in finditer_quick(people._HONORIFIC_RE, text, people._HONORIFIC_QUICK, text.lower())
    ]
    assert found == [m.start() for m in people._HONORIFIC_RE.finditer(text)] == [6]
