"""Dates and periods as the press writes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.extraction.dates import find_dateline, find_dates, find_periods, iso_date, reference_year


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Sáng 28/12, tại hội trường tỉnh đã diễn ra lễ ký kết.", "--12-28"),
        ("Chiều ngày 5/3, đoàn đến thăm.", "--03-05"),
        ("Tháng 12 năm 2016, hai tỉnh đã ký kết.", "2016-12"),
        ("tháng 4/2018 hai tỉnh đã ký kết", "2018-04"),
        ("có hiệu lực từ ngày 01/1/2023.", "2023-01-01"),
        ("ngày 5 tháng 1 năm 2025", "2025-01-05"),
        ("Năm 2022, hai bên đã gặp nhau.", "2022"),
    ],
)
def test_point_dates(text: str, iso: str) -> None:
    assert [d.iso() for d in find_dates(text)] == [iso]


def test_impossible_dates_are_dropped() -> None:
    assert find_dates("Ngày 31/2, không có ngày này.") == ()
    assert iso_date(2023, 2, 29) is None


def test_period_years_are_not_point_dates() -> None:
    s = "năm 2022, hai tỉnh ký Bản ghi nhớ giai đoạn 2022 - 2027"
    assert [d.iso() for d in find_dates(s)] == ["2022"]
    assert [(p.first, p.last, p.labelled) for p in find_periods(s)] == [("2022", "2027", True)]


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Từ tháng 10/2022 đến tháng 10/2024, kim ngạch tăng.", "2022-10", "2024-10"),
        ("Trong 8 tháng của năm 2024, thu ngân sách đạt.", "2024-01", "2024-08"),
        ("Từ năm 2022 đến nay, đã quy tập.", "2022", None),
        ("hỗ trợ đến hết năm 2030", None, "2030"),
        ("nhiệm kỳ 2025-2030", "2025", "2030"),
    ],
)
def test_periods(text: str, first: str | None, last: str | None) -> None:
    (period,) = find_periods(text)
    assert (period.first, period.last) == (first, last)


def test_dateline_and_reference_year() -> None:
    text = "Trang chủ\n15:56 | 12/12/2024 GMT+7\n\nSáng ngày 12/12, hội nghị khai mạc."
    assert find_dateline(text) == "2024-12-12"
    assert find_dateline("Thứ năm, 12/12/2024 - 15:56\nNội dung") == "2024-12-12"
    assert find_dateline("Sáng 28/12, tại hội trường.") is None
    assert reference_year("Trong 9 tháng đầu năm 2023, tỉnh đạt.", None) == 2023
    assert reference_year("Không có năm.", None) is None


@given(st.dates())
def test_written_dates_round_trip(day) -> None:  # type: ignore[no-untyped-def]
    if day.year < 1940 or day.year > 2199:
        return
    text = f"ký ngày {day.day}/{day.month}/{day.year} tại tỉnh"
    assert [d.iso() for d in find_dates(text)] == [day.isoformat()]


@given(st.integers(1940, 2150), st.integers(0, 10))
def test_ranges_round_trip(start: int, span: int) -> None:
    (period,) = find_periods(f"giai đoạn {start} - {start + span} tới")
    assert (period.first_year, period.last_year) == (start, start + span)


@given(st.text(max_size=60))
def test_date_parsers_never_crash(text: str) -> None:
    find_dates(text)
    find_periods(text)
    find_dateline(text)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("QUÝ II/2024, KIM NGẠCH TĂNG", "2024"),
        ("SÁNG 20-3, HAI TỈNH HỘI ĐÀM", "--03-20"),
        ("NGÀY 5 THÁNG 9 NĂM 2025", "2025-09-05"),
        ("quý ıı/2024 (a dotless i, matched only case-insensitively)", "2024"),
    ],
)
def test_dates_in_capitals(text: str, iso: str) -> None:
    # The date pattern runs on lower-cased text for speed; capitals and odd letters read the same.
    find_dates.cache_clear()
    assert [d.iso() for d in find_dates(text)] == [iso]


@given(st.text(alphabet="0123456789/.-() ngàyNGÀYthángTHÁNGnămNĂMquýQUÝIVivsángSÁNGhômĐẾNđến", max_size=40))
def test_fast_date_scan_agrees_with_case_insensitive_pattern(text: str) -> None:
    from hoptac.extraction import dates

    lowered = text.lower()
    fast = [(m.span(), m.groups()) for m in dates._POINT_LOWER.finditer(lowered)]
    assert fast == [(m.span(), m.groups()) for m in dates._POINT_RE.finditer(text)]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Hội nghị nêu kết quả TRONG NĂM 2014 và ngày 5-9-2025 họp.", 2014),
        ("Từ đầu năm\n2019 đến nay, hai bên họp ngày 5/9/2016.", 2019),
        ("Hai bên họp ngày 5 / 9 / 2016 và ngày 3.2.2017.", 2017),
        ("Hai bên họp năm 2016, hiệu lực từ ngày 1/1/2030.", None),
    ],
)
def test_reference_year_from_statements_and_full_dates(text: str, year: int | None) -> None:
    assert reference_year(text, None) == year
