"""Values as officers type them on the article review: Vietnamese dates, place names, decimal commas."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hoptac.extraction.typed import dates_shown, number, places, places_shown, typed_date, year


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("28/12/2022", "2022-12-28"),
        ("4/12/2026", "2026-12-04"),
        ("12/2016", "2016-12"),
        ("2022", "2022"),
        ("28/12", "--12-28"),
        ("2024-09-26", "2024-09-26"),
        ("", None),
    ],
)
def test_dates_typed_the_vietnamese_way(typed: str, iso: str | None) -> None:
    assert typed_date(typed) == iso
    if iso:
        assert typed_date(dates_shown(iso)) == iso  # what the page shows reads back the same


@pytest.mark.parametrize("typed", ["31/31/2025", "hôm qua", "2022-13"])
def test_a_date_that_is_none_says_how_to_write_one(typed: str) -> None:
    with pytest.raises(ValidationError, match="28/12/2022"):
        typed_date(typed)


@pytest.mark.django_db
def test_places_by_name_or_code() -> None:
    assert places("Sê Kông, Kon Tum") == ["LA-XE", "VN-28"]
    assert places("VN-28; la-xe") == ["LA-XE", "VN-28"]
    assert places_shown(["LA-XE", "VN-28"]) == "Sê Kông, Kon Tum"
    with pytest.raises(ValidationError, match="Xyzzyq"):
        places("Kon Tum, Xyzzyq")


def test_numbers_and_years() -> None:
    assert (number("45,6"), number("1.216,5"), number("45.6"), number("10"), number("")) == (
        45.6,
        1216.5,
        45.6,
        10,
        None,
    )
    assert (year("2027"), year("")) == (2027, None)
    for bad in ("mười", "20x7"):
        with pytest.raises(ValidationError):
            year(bad) if bad == "20x7" else number(bad)
