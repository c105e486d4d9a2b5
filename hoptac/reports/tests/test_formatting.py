from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.reports.formatting import format_amount, format_number, format_percent, format_ratio, format_value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (215414, "215.414"),
        (1216, "1.216"),
        (109, "109"),
        (0, "0"),
        (Decimal("687.4"), "687,4"),
        (Decimal("1216.0000"), "1.216"),
        (-1234567, "-1.234.567"),
        (Decimal("0.005"), "0,01"),
        (1000, "1.000"),
    ],
)
def test_numbers_use_dots_for_thousands_and_a_comma_for_decimals(value: object, text: str) -> None:
    assert format_number(value) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (24_400_000, "USD", "24,4 triệu USD"),
        (687_400_000, "USD", "687,4 triệu USD"),
        (203_900_000, "USD", "203,9 triệu USD"),
        (483_500_000, "USD", "483,5 triệu USD"),
        (7_753_000_000_000, "VND", "7.753 tỷ đồng"),
        (1_250_000_000, "VND", "1,25 tỷ đồng"),
        (500_000, "USD", "500.000 USD"),
        (3_000_000, "LAK", "3 triệu kíp"),
    ],
)
def test_money_is_written_in_millions_and_billions(value: int, unit: str, text: str) -> None:
    assert format_amount(value, unit) == text
    assert format_value(value, unit) == text


def test_percentages_and_units() -> None:
    assert format_percent(61) == "61%"
    assert format_percent(Decimal("61.25")) == "61,3%"
    assert format_ratio(Decimal("0.2")) == "20%"
    assert format_ratio(1) == "100%"
    assert format_value(61, "percent") == "61%"
    assert format_value(Decimal("215414.0000"), "count") == "215.414"
    assert format_value(3, "scholarship") == "3 scholarship"


def test_not_a_number_is_refused() -> None:
    with pytest.raises(ValueError, match="not a"):
        format_number(float("nan"))


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_whole_numbers_read_back(value: int) -> None:
    text = format_number(value)
    assert int(text.replace(".", "")) == value
    groups = text.lstrip("-").split(".")
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_read_back(value: Decimal) -> None:
    text = format_number(value)
    assert Decimal(text.replace(".", "").replace(",", ".")) == value
    assert not text.endswith(",") and text.count(",") <= 1


@given(st.integers(min_value=1_000_000, max_value=10**14))
def test_amounts_stay_close_to_the_value(value: int) -> None:
    text = format_amount(value, "USD")
    number, word, unit = text.split(" ")
    scale = 10**9 if word == "tỷ" else 10**6
    assert word in ("triệu", "tỷ") and unit == "USD"
    shown = Decimal(number.replace(".", "").replace(",", ".")) * scale
    assert abs(shown - value) <= Decimal("0.05") * scale


def test_pages_and_reports_write_an_amount_the_same_way() -> None:
    from django.utils import translation

    from hoptac.reports.formatting import format_value
    from hoptac.web.templatetags.vn import format_amount

    with translation.override("vi"):
        for value, unit in (
            (1_250_000_000, "VND"),
            (687_400_000, "USD"),
            (7_753_000_000_000, "VND"),
            (61, "percent"),
        ):
            assert format_amount(value, unit) == format_value(value, unit), (value, unit)
        assert format_amount(1_250_000_000, "VND") == "1,25 tỷ đồng"
