import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.core.dates import PartialDate


@pytest.mark.parametrize(
    ("text", "precision", "vi"),
    [
        ("2024", "year", "2024"),
        ("2024-12", "month", "12/2024"),
        ("2024-12-12", "day", "12/12/2024"),
        ("--12-28", "month_day", "28/12"),
    ],
)
def test_parse_keeps_precision(text: str, precision: str, vi: str) -> None:
    date = PartialDate.parse(text)
    assert date is not None
    assert date.precision == precision
    assert date.isoformat() == text
    assert date.display_vi() == vi


@pytest.mark.usefixtures("english_messages")
@pytest.mark.parametrize(
    "bad", ["2024-13", "2024-02-30", "30/2/2024", "13/2024", "--13-01", "abc", "2024-1", "4/12/26"]
)
def test_bad_dates_say_what_to_write(bad: str) -> None:
    with pytest.raises(ValueError, match=r"not|does not exist|between"):
        PartialDate.parse(bad)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("4/12/2026", "2026-12-04"),
        ("04/12/2026", "2026-12-04"),
        ("4.12.2026", "2026-12-04"),
        ("4-12-2026", "2026-12-04"),
        ("12/2026", "2026-12"),
        ("2026", "2026"),
        ("28/12", "--12-28"),
    ],
)
def test_dates_as_officers_write_them(text: str, iso: str) -> None:
    date = PartialDate.parse(text)
    assert date is not None and date.isoformat() == iso


def test_no_day_is_invented() -> None:
    month = PartialDate.parse("2024-02")
    assert month is not None
    assert month.earliest() == dt.date(2024, 2, 1)
    assert month.latest() == dt.date(2024, 2, 29)
    assert month.day is None
    assert PartialDate.parse("--02-29").earliest() is None  # type: ignore[union-attr]


def test_long_form_pads_day_and_early_months() -> None:
    assert PartialDate(2024, 12, 12).long_vi() == "ngày 12 tháng 12 năm 2024"
    assert PartialDate(2025, 1, 5).long_vi() == "ngày 05 tháng 01 năm 2025"
    assert PartialDate(2025, 1).long_vi() == "tháng 1 năm 2025"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.sampled_from([1, 2, 3]))
def test_iso_text_sorts_like_time(day: dt.date, parts: int) -> None:
    date = PartialDate(day.year, day.month if parts > 1 else None, day.day if parts > 2 else None)
    assert PartialDate.parse(date.isoformat()) == date
    later = PartialDate(day.year + 1)
    assert date.isoformat() < later.isoformat()
