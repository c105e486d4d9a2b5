"""Vietnamese-style numbers, amounts, dates and evidence highlighting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from hoptac.core.dates import PartialDate
from hoptac.web.templatetags import vn


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1216, "1.216"),
        (215414, "215.414"),
        (Decimal("687.4"), "687,4"),
        (Decimal("0.50"), "0,5"),
        (-1234.5, "-1.234,5"),
        (None, ""),
    ],
)
def test_numbers_in_vietnamese_style(value: object, expected: str) -> None:
    assert vn.vi_number(value) == expected


def test_amounts_use_words_of_scale() -> None:
    with translation.override("vi"):
        assert vn.vi_amount(Decimal("687400000"), "USD") == "687,4 triệu USD"
        assert vn.vi_amount(Decimal("7753000000000"), "VND") == "7.753 tỷ đồng"  # as the reports write it
        assert vn.vi_amount(Decimal("1216"), "count") == "1.216"
        assert vn.vi_amount(Decimal("61"), "percent") == "61%"
    with translation.override("en"):
        assert vn.vi_amount(Decimal("687400000"), "USD") == "687,4 million USD"
        assert vn.vi_amount(Decimal("1250000000"), "VND") == "1,25 billion VND"


def test_dates_show_only_what_is_known() -> None:
    assert vn.vi_date(PartialDate.parse("2024-12-12")) == "12/12/2024"
    assert vn.vi_date(PartialDate.parse("2024-12")) == "12/2024"
    assert vn.vi_date("2024") == "2024"
    assert vn.vi_date(dt.date(2025, 7, 1)) == "01/07/2025"
    assert vn.vi_date(None) == ""
    with translation.override("vi"):
        assert vn.vi_period(PartialDate.parse("2022"), PartialDate.parse("2027")) == "2022 – 2027"
        assert vn.vi_period(PartialDate.parse("2023-01-01"), None) == "từ 01/01/2023"


def test_highlight_escapes_and_marks_the_span() -> None:
    text = "Hai bên <b>cam kết</b> 10 suất học bổng."
    start = text.index("10 suất")
    html = vn.highlight(text, (start, start + len("10 suất học bổng")))
    assert "<mark>10 suất học bổng</mark>" in html
    assert "&lt;b&gt;cam kết&lt;/b&gt;" in html
    assert "<b>" not in html
    assert vn.highlight(text, (5, 999)) == vn.highlight(text, None)


def test_excerpt_cuts_around_the_span() -> None:
    text = "x" * 1000 + "BẰNG CHỨNG" + "y" * 1000
    html = vn.excerpt(text, (1000, 1010), 20)
    assert html == "…" + "x" * 20 + "<mark>BẰNG CHỨNG</mark>" + "y" * 20 + "…"


def test_percent_is_clamped() -> None:
    assert vn.percent(Decimal("0.2")) == 20
    assert vn.percent(Decimal("1.7")) == 100
    assert vn.percent(None) == 0
