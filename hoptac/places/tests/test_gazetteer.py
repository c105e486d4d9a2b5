"""The gazetteer resolves written names to ISO codes, and only when sure."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from hoptac.core.text import fold
from hoptac.places import gazetteer
from hoptac.places.gazetteer import country_of, iter_aliases, place_names, resolve, successor

SPELLINGS = [
    # Lao provinces: Vietnamese, ISO and press spellings, with government words in front
    ("Sê Kông", "LA-XE"),
    ("Sekong", "LA-XE"),
    ("Xekong", "LA-XE"),
    ("Xê Kông", "LA-XE"),
    ("Xékong", "LA-XE"),
    ("SEKONG", "LA-XE"),
    ("tỉnh Sê Kông", "LA-XE"),
    ("tỉnh trưởng tỉnh Sê Kông", "LA-XE"),
    ("Phó Tỉnh trưởng tỉnh Sekong", "LA-XE"),
    ("Sekong Province", "LA-XE"),
    ("tỉnh Sê Kông nước CHDCND Lào", "LA-XE"),
    ("Attapeu", "LA-AT"),
    ("Attapu", "LA-AT"),
    ("Át-tạ-pư", "LA-AT"),
    ("Át tạ pư", "LA-AT"),
    ("Chính quyền tỉnh Attapeu", "LA-AT"),
    ("UBND tỉnh Attapeu", "LA-AT"),
    ("Attapeu (Lào)", "LA-AT"),
    ("tỉnh Chăm-pa-xắc", "LA-CH"),
    ("Chămpaxắc", "LA-CH"),
    ("Chăm Pa Sắc", "LA-CH"),
    ("Champasak", "LA-CH"),
    ("Champassak", "LA-CH"),
    ("Champasack", "LA-CH"),
    ("Sa-la-van", "LA-SL"),
    ("Salavan", "LA-SL"),
    ("Saravane", "LA-SL"),
    ("Sa-vẳn-na-khệt", "LA-SV"),
    ("Savannakhet", "LA-SV"),
    ("Savannakhét", "LA-SV"),
    ("Khăm Muộn", "LA-KH"),
    ("Khammouane", "LA-KH"),
    ("Hủa Phăn", "LA-HO"),
    ("Houaphanh", "LA-HO"),
    ("Luông Pha Bang", "LA-LP"),
    ("Luang Prabang", "LA-LP"),
    ("Louangphabang", "LA-LP"),
    ("Luông Nậm Thà", "LA-LM"),
    ("Bô-ly-khăm-xay", "LA-BL"),
    ("Borikhamxay", "LA-BL"),
    ("Bolikhamxai", "LA-BL"),
    ("Xiêng Khoảng", "LA-XI"),
    ("Xieng Khouang", "LA-XI"),
    ("Xay-nha-bu-ly", "LA-XA"),
    ("Xayaboury", "LA-XA"),
    ("U Đôm Xay", "LA-OU"),
    ("Oudomxay", "LA-OU"),
    ("Phông Sa Lỳ", "LA-PH"),
    ("Phongsaly", "LA-PH"),
    ("Bò Kẹo", "LA-BK"),
    ("Bokeo", "LA-BK"),
    ("Xay Sổm Bun", "LA-XS"),
    ("Thủ đô Viêng Chăn", "LA-VT"),
    ("Viêng Chăn", "LA-VT"),
    ("Vientiane", "LA-VT"),
    ("tỉnh Viêng Chăn", "LA-VI"),
    ("UBND tỉnh Viêng Chăn", "LA-VI"),
    ("Vientiane Province", "LA-VI"),
    # Cambodia
    ("Stung Treng", "KH-19"),
    ("Stung-Treng", "KH-19"),
    ("tỉnh Stung Treng", "KH-19"),
    ("Stueng Traeng", "KH-19"),
    ("Ratanakiri", "KH-16"),
    ("Rattanakiri", "KH-16"),
    ("Mondulkiri", "KH-11"),
    ("Phnom Penh", "KH-12"),
    ("Thủ đô Phnôm Pênh", "KH-12"),
    ("Siem Reap", "KH-17"),
    ("Xiêm Riệp", "KH-17"),
    ("Kratié", "KH-10"),
    ("Kratie", "KH-10"),
    ("Svay Rieng", "KH-20"),
    ("Takéo", "KH-21"),
    ("Kampong Cham", "KH-3"),
    ("Banteay Meanchey", "KH-1"),
    ("Preah Vihear", "KH-13"),
    ("Tbong Khmum", "KH-25"),
    # Thailand
    ("Mukdahan", "TH-49"),
    ("Nakhon Phanom", "TH-48"),
    ("Ubon Ratchathani", "TH-34"),
    ("Udon Thani", "TH-41"),
    ("Băng Cốc", "TH-10"),
    ("Bangkok", "TH-10"),
    ("Krung Thep Maha Nakhon", "TH-10"),
    ("Nong Khai", "TH-43"),
    ("Sakon Nakhon", "TH-47"),
    # Vietnam, before and after the 2025 names
    ("Kon Tum", "VN-28"),
    ("KON TUM", "VN-28"),
    ("Kontum", "VN-28"),
    ("tỉnh Kon Tum", "VN-28"),
    ("UBND tỉnh Kon Tum", "VN-28"),
    ("Ủy ban nhân dân tỉnh Kon Tum", "VN-28"),
    ("HĐND tỉnh Kon Tum", "VN-28"),
    ("Tỉnh ủy Kon Tum", "VN-28"),
    ("Sở Ngoại vụ tỉnh Kon Tum", "VN-28"),
    ("Sở Ngoại vụ Hà Tĩnh", "VN-23"),
    ("Quang Ngai", "VN-29"),
    ("Quảng Ngãi", "VN-29"),
    ("Quảng Nam", "VN-27"),
    ("QUẢNG NAM", "VN-27"),
    ("Thừa Thiên - Huế", "VN-26"),
    ("Thừa Thiên Huế", "VN-26"),
    ("Thừa Thiên-Huế", "VN-26"),
    ("Thành phố Huế", "VN-26"),
    ("Huế", "VN-26"),
    ("TP. Hồ Chí Minh", "VN-SG"),
    ("Thành phố Hồ Chí Minh", "VN-SG"),
    ("TP.HCM", "VN-SG"),
    ("Hà Nội", "VN-HN"),
    ("Ha Noi", "VN-HN"),
    ("Hanoi", "VN-HN"),
    ("Đắk Lắk", "VN-33"),
    ("Dak Lak", "VN-33"),
    ("Đắc Lắc", "VN-33"),
    ("Bà Rịa - Vũng Tàu", "VN-43"),
    ("Bà Rịa–Vũng Tàu", "VN-43"),
    ("Kiên Giang", "VN-47"),
    ("Đà Nẵng", "VN-DN"),
    ("Ha Tinh", "VN-23"),
    # Countries
    ("Lào", "LA"),
    ("nước CHDCND Lào", "LA"),
    ("Cộng hòa Dân chủ Nhân dân Lào", "LA"),
    ("Laos", "LA"),
    ("Campuchia", "KH"),
    ("Vương quốc Campuchia", "KH"),
    ("Cambodia", "KH"),
    ("Thái Lan", "TH"),
    ("Việt Nam", "VN"),
    ("Viet Nam", "VN"),
    ("Trung Quốc", "CN"),
    ("Hàn Quốc", "KR"),
    ("Nhật Bản", "JP"),
    ("Hoa Kỳ", "US"),
    ("Mỹ", "US"),
    ("Pháp", "FR"),
    ("Đức", "DE"),
    ("Liên bang Nga", "RU"),
    ("Úc", "AU"),
    ("Australia", "AU"),
    ("Ấn Độ", "IN"),
    ("Singapore", "SG"),
    ("Myanmar", "MM"),
    ("Georgia", "GE"),
    # codes pass through
    ("VN-28", "VN-28"),
    ("la-xe", "LA-XE"),
]


@pytest.mark.parametrize(("text", "code"), SPELLINGS)
def test_spelling_resolves(text: str, code: str) -> None:
    assert resolve(text) == code


def test_table_is_large() -> None:
    assert len(SPELLINGS) >= 80


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "xyzzy",
        "asdfgh qwerty",
        "Quảng",
        "Nam",
        "Bình",
        "Giang",
        "Hà",
        "Thanh",
        "Sở Ngoại vụ",
        "UBND tỉnh",
        "Phó Chủ tịch Nguyễn Văn Anh",
        "Kon Tum - Sekong",
        "Quảng Nam Đà Nẵng",
        "tỉnh",
    ],
)
def test_unsure_gives_none(text: str) -> None:
    assert resolve(text) is None


def _vietnamese_units() -> list[gazetteer.Entry]:
    return [e for e in gazetteer.entries() if e.country == "VN" and e.level == 1]


def test_sixty_three_vietnamese_units_before_2025() -> None:
    units = _vietnamese_units()
    assert len(units) == 63
    assert all(u.name_vi for u in units)


def test_every_vietnamese_name_resolves_to_itself_only() -> None:
    units = _vietnamese_units()
    for unit in units:
        for alias in unit.aliases:
            for written in (
                alias.name,
                f"tỉnh {alias.name}",
                f"UBND tỉnh {alias.name}",
                fold(alias.name).upper(),
            ):
                assert resolve(written) == unit.code, written
    # Every pair: no unit's name is a name of another, even restricted to Vietnam.
    names = {u.code: {fold(a.name) for a in u.aliases} for u in units}
    for a, b in itertools.combinations(units, 2):
        assert not names[a.code] & names[b.code], (a.code, b.code)
        assert resolve(a.name_vi, country="VN") == a.code
        assert resolve(b.name_vi, country="VN") == b.code


@pytest.mark.parametrize(
    ("near_miss", "not_this"),
    [("Quảng Nan", "VN-27"), ("Ha Nam Dinh", "VN-63"), ("Binh Dinhh", "VN-31"), ("Kon Tumm", "VN-28")],
)
def test_vietnamese_units_never_match_approximately(near_miss: str, not_this: str) -> None:
    found = resolve(near_miss)
    assert found is None or not found.startswith("VN"), found


def test_similar_vietnamese_names_stay_apart() -> None:
    assert resolve("Quảng Nam") == "VN-27"
    assert resolve("Quảng Ngãi") == "VN-29"
    assert resolve("Hà Nam") == "VN-63"
    assert resolve("Nam Định") == "VN-67"
    assert resolve("Bình Định") == "VN-31"
    assert resolve("Bình Dương") == "VN-57"


def test_country_restricts_candidates() -> None:
    assert resolve("Sekong", country="LA") == "LA-XE"
    assert resolve("Sekong", country="KH") is None
    assert resolve("Kon Tum", country="LA") is None
    assert resolve("Lào", country="LA") == "LA"


def test_curated_aliases_never_clash() -> None:
    owners: dict[str, set[str]] = {}
    for entry in gazetteer.entries():
        for alias in entry.aliases:
            if not alias.iso:
                owners.setdefault(fold(alias.name), set()).add(entry.code)
    clashes = {name: codes for name, codes in owners.items() if len(codes) > 1}
    assert clashes == {}


def test_iter_aliases_covers_hyphen_forms_and_is_unambiguous() -> None:
    pairs = list(iter_aliases())
    table = dict(pairs)
    assert len(table) == len(pairs)
    assert table["cham pa xac"] == "LA-CH"
    assert table["champaxac"] == "LA-CH"
    assert table["se kong"] == "LA-XE"
    assert table["kon tum"] == "VN-28"
    assert table["lao"] == "LA"
    assert "central" not in table  # a name many countries use stands for no one place
    assert dict(iter_aliases(countries={"LA"})).keys() <= {k for k, c in pairs if c.startswith("LA")}


def test_place_names_are_vietnamese_where_known() -> None:
    names = place_names()
    assert names["VN-28"] == "Kon Tum"
    assert names["LA-XE"] == "Sê Kông"
    assert names["LA"] == "Lào"
    assert names["VN-26"] == "Huế"
    assert names["FR-IDF"]  # ISO name for places we have no Vietnamese name for


def test_country_of() -> None:
    assert country_of("LA-XE") == "LA"
    assert country_of("vn") == "VN"
    assert country_of("KH-19") == "KH"


def test_kon_tum_is_carried_on_by_quang_ngai_from_july_2025() -> None:
    assert successor("VN-28", dt.date(2025, 6, 30)) == "VN-28"
    assert successor("VN-28", dt.date(2025, 7, 1)) == "VN-29"
    assert successor("VN-29", dt.date(2025, 7, 1)) == "VN-29"
    assert successor("VN-43", dt.date(2026, 1, 1)) == "VN-SG"
    assert successor("LA-XE", dt.date(2026, 1, 1)) == "LA-XE"


def test_merges_make_thirty_four_units() -> None:
    day = dt.date(2025, 7, 1)
    units = _vietnamese_units()
    assert len({successor(u.code, day) for u in units}) == 34
    assert len({successor(u.code, day - dt.timedelta(days=1)) for u in units}) == 63
    kon_tum = gazetteer.entry("VN-28")
    assert kon_tum is not None and kon_tum.valid_to == dt.date(2025, 6, 30)


def test_thua_thien_hue_renamed_hue() -> None:
    hue = gazetteer.entry("VN-26")
    assert hue is not None and hue.name_vi == "Huế"
    former = {a.name: a for a in hue.aliases if a.kind == "former"}
    assert former["Thừa Thiên Huế"].valid_to == dt.date(2024, 12, 31)
    assert hue.valid_to is None
    renames = [r for r in gazetteer.lineage() if r.kind == "renamed"]
    assert [(r.predecessor, r.successor, r.date) for r in renames] == [
        ("VN-26", "VN-26", dt.date(2025, 1, 1))
    ]
    assert successor("VN-26", dt.date(2026, 1, 1)) == "VN-26"
