"""Places in the database: loading, idempotence, look-ups and their errors, lineage, admin."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hoptac.places.models import Place, PlaceAlias, PlaceLineage
from hoptac.places.services import get_place, lineage_of, resolve_place, successor_of, sync_places

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """The messages asserted below are the English originals (the default language vi translates them)."""
    with translation.override("en"):
        yield


def test_migrated_database_already_has_the_places() -> None:
    assert Place.objects.filter(level=Place.Level.COUNTRY).count() >= 249
    assert Place.objects.filter(country_code="VN", level=Place.Level.UNIT).count() == 63
    assert Place.objects.filter(country_code="LA", level=Place.Level.UNIT).count() == 18
    assert Place.objects.filter(country_code="KH", level=Place.Level.UNIT).count() == 25
    assert Place.objects.filter(country_code="TH", level=Place.Level.UNIT).count() >= 77
    assert PlaceLineage.objects.filter(kind="merged").count() == 29
    kon_tum = Place.objects.get(pk="VN-28")
    assert kon_tum.name_vi == "Kon Tum"
    assert kon_tum.parent_id == "VN"
    assert kon_tum.valid_to == dt.date(2025, 6, 30)
    assert kon_tum.folded == "kon tum"


def test_sync_is_idempotent_and_repairs_drift() -> None:
    assert sync_places() == 0
    Place.objects.filter(pk="LA-XE").update(name_vi="wrong")
    PlaceAlias.objects.filter(place_id="LA-XE", name="Sekong").delete()
    assert sync_places() == 2
    assert Place.objects.get(pk="LA-XE").name_vi == "Sê Kông"
    assert PlaceAlias.objects.filter(place_id="LA-XE", folded="sekong").exists()
    assert sync_places() == 0


def test_sync_keeps_aliases_added_by_hand() -> None:
    PlaceAlias.objects.create(place_id="LA-XE", name="Xê-công", folded="xe cong")
    sync_places()
    assert PlaceAlias.objects.filter(place_id="LA-XE", name="Xê-công").exists()


def test_sync_into_an_empty_database_is_fast() -> None:
    PlaceLineage.objects.all().delete()
    PlaceAlias.objects.all().delete()
    Place.objects.filter(level=Place.Level.UNIT).delete()
    Place.objects.all().delete()
    started = time.perf_counter()
    written = sync_places()
    elapsed = time.perf_counter() - started
    assert written == Place.objects.count() + PlaceAlias.objects.count() + PlaceLineage.objects.count()
    assert Place.objects.count() > 3000
    # Generous, so a slow CI machine passes; row-by-row saving would take tens of seconds.
    assert elapsed < 10, elapsed


def test_get_place_by_code() -> None:
    assert get_place("LA-XE").name_vi == "Sê Kông"
    assert get_place(" vn-28 ").code == "VN-28"
    assert get_place("LA").name_vi == "Lào"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Sekong", "unknown place 'Sekong': use an ISO 3166-2 code such as LA-XE"),
        ("tỉnh Kon Tum", "unknown place 'tỉnh Kon Tum': use an ISO 3166-2 code such as VN-28"),
        ("Lào", "unknown place 'Lào': use an ISO 3166-1 code such as LA"),
        ("XX-99", "unknown place 'XX-99': use an ISO 3166 code such as VN-28, LA-XE or VN"),
        ("", "unknown place '': use an ISO 3166 code such as VN-28, LA-XE or VN"),
    ],
)
def test_get_place_rejects_names_and_suggests_a_code(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        get_place(text)
    assert caught.value.messages == [message]
    assert caught.value.code == "unknown_place"


def test_resolve_place_takes_codes_and_names() -> None:
    assert resolve_place("LA-XE").code == "LA-XE"
    assert resolve_place("tỉnh trưởng tỉnh Sê Kông").code == "LA-XE"
    assert resolve_place("UBND tỉnh Kon Tum").code == "VN-28"
    assert resolve_place("Viêng Chăn", country="LA").code == "LA-VT"
    with pytest.raises(ValidationError, match="unknown place 'Quảng'"):
        resolve_place("Quảng")


def test_successor_of_follows_the_merger() -> None:
    kon_tum = get_place("VN-28")
    assert successor_of(kon_tum, dt.date(2025, 6, 30)) == kon_tum
    assert successor_of(kon_tum, dt.date(2025, 7, 1)).code == "VN-29"
    assert successor_of(get_place("VN-26"), dt.date(2025, 8, 1)).code == "VN-26"
    assert successor_of(get_place("LA-XE")).code == "LA-XE"


def test_lineage_of_lists_both_sides_with_dates() -> None:
    links = lineage_of(get_place("VN-29"))
    assert [(link.predecessor_id, link.successor_id, link.date) for link in links] == [
        ("VN-28", "VN-29", dt.date(2025, 7, 1))
    ]
    assert links[0].legal_basis == "Nghị quyết 202/2025/QH15"
    ninh_binh = {(link.predecessor_id, link.kind) for link in lineage_of(get_place("VN-18"))}
    assert ninh_binh == {("VN-63", "merged"), ("VN-67", "merged")}
    assert [link.kind for link in lineage_of(get_place("VN-26"))] == ["renamed"]
    assert lineage_of(get_place("LA-XE")) == []


def test_admin_lists_and_searches_places(admin_client) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.get("/admin/places/place/", {"q": "se kong"})
    assert response.status_code == 200
    assert "LA-XE" in response.content.decode()
    response = admin_client.get("/admin/places/place/VN-28/change/")
    assert response.status_code == 200
    assert "VN-29" in response.content.decode()
