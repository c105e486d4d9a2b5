"""One name of a place for every output: Vietnamese in Vietnamese, English (ISO) in English."""

from __future__ import annotations

import pytest
from django.utils import translation

from hoptac.places.models import Place, place_name_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "vietnamese", "english"),
    [
        ("LA-XE", "Sê Kông", "Xékong"),  # ISO 3166-2 name
        ("LA-AT", "Át-tạ-pư", "Attapu"),
        ("LA", "Lào", "Laos"),  # a country's common name rather than "Lao People's Democratic Republic"
        ("KR", "Hàn Quốc", "South Korea"),
        ("VN-28", "Kon Tum", "Kon Tum"),  # ISO writes Vietnamese units as Vietnam does
        ("VN-26", "Huế", "Huế"),  # not pycountry's former name (Thừa Thiên-Huế)
        ("VN-SG", "Thành phố Hồ Chí Minh", "Hồ Chí Minh City"),
    ],
)
def test_the_name_follows_the_readers_language(code: str, vietnamese: str, english: str) -> None:
    place = Place.objects.get(code=code)
    with translation.override("vi"):
        assert place.display_name == vietnamese == str(place)
    with translation.override("en"):
        assert place.display_name == english == str(place)
        # A Vietnamese document asks for Vietnamese whatever the reader's language.
        assert place.name_in("vi") == vietnamese


def test_codes_added_to_iso_names_are_dropped_in_english_too() -> None:
    # pycountry writes some names with their code ("Stockholms län [SE-01]"); a reader needs only the name.
    with translation.override("en"):
        assert "[" not in Place.objects.get(code="SE-AB").display_name
    assert place_name_in("XX-1", "Somewhere [XX-1]", "", "en") == "Somewhere"  # not in the catalogue
