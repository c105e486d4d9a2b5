"""Rules added for articles the seeds did not shape, each on a short synthetic text of its own."""

from __future__ import annotations

from typing import Any

from hoptac.extraction.extract import extract_text
from hoptac.extraction.normalize import normalize_text


def _extract(text: str) -> dict[str, Any]:
    return extract_text(normalize_text(text), "test.txt")


def _keys(records: list[dict[str, Any]], *names: str) -> list[tuple[Any, ...]]:
    return [tuple(r[n] for n in names) for r in records]


def test_receiver_stands_between_the_verb_and_the_sum() -> None:
    text = "Tỉnh Lai Châu sẽ hỗ trợ tỉnh Phông Sa Lỳ 3 tỷ đồng và tỉnh U Đôm Xay 2 tỷ đồng giai đoạn 2025 - 2027."
    got = _keys(_extract(text)["commitments"], "giver", "receiver", "quantity", "start_year", "end_year")
    assert got == [
        ("VN-01", "LA-PH", 3_000_000_000, 2025, 2027),
        ("VN-01", "LA-OU", 2_000_000_000, 2025, 2027),
    ]


def test_object_of_an_earlier_verb_is_not_the_giver_and_a_named_year_is_the_span() -> None:
    text = (
        "Trong năm 2025, tỉnh Long An sẽ tặng tỉnh Svay Rieng 20.000 USD và tiếp nhận 8 lưu học sinh "
        "sang học tập tại tỉnh."
    )
    got = _keys(_extract(text)["commitments"], "giver", "receiver", "quantity", "unit", "start_year")
    assert sorted(got) == [("VN-41", "KH-20", 8, "scholarship", 2025), ("VN-41", "KH-20", 20000, "USD", 2025)]


def test_equivalent_sum_and_targets_are_not_extra_figures() -> None:
    text = (
        "Năm 2024, kim ngạch thương mại giữa tỉnh Quảng Ninh và tỉnh Quảng Tây đạt 2.400 tỷ đồng "
        "(tương đương 95 triệu USD). Hai bên phấn đấu đạt 150 triệu USD vào năm 2026."
    )
    figures = _extract(text)["figures"]
    assert _keys(figures, "metric", "value", "unit", "scope") == [
        ("trade_turnover", 2_400_000_000_000, "VND", ["CN-GX", "VN-13"])
    ]


def test_counts_with_scale_words() -> None:
    text = (
        "Năm 2024, có 2,5 triệu lượt khách xuất nhập cảnh qua cửa khẩu giữa tỉnh Lạng Sơn và tỉnh Quảng Tây."
    )
    assert _keys(_extract(text)["figures"], "metric", "value") == [("border_crossings_people", 2_500_000)]


def test_two_agreements_in_one_sentence_keep_their_own_partner_and_period() -> None:
    text = (
        "Sáng 3/4/2025, UBND tỉnh Nghệ An đã ký kết Bản ghi nhớ hợp tác giai đoạn 2025 - 2029 với tỉnh "
        "Hủa Phăn và Bản ghi nhớ hợp tác giai đoạn 2025 - 2030 với tỉnh Bô-ly-khăm-xay."
    )
    got = _keys(_extract(text)["agreements"], "parties", "start_year", "end_year")
    assert got == [(["LA-HO", "VN-22"], 2025, 2029), (["LA-BL", "VN-22"], 2025, 2030)]


def test_each_partner_takes_its_own_signing_year() -> None:
    text = "Tỉnh Hà Tĩnh đã ký Thỏa thuận hợp tác với tỉnh Khăm Muộn từ năm 2008 và với tỉnh Bô-ly-khăm-xay từ năm 2012."
    got = _keys(_extract(text)["agreements"], "parties", "signed")
    assert sorted(got) == [(["LA-BL", "VN-23"], "2012"), (["LA-KH", "VN-23"], "2008")]


def test_differently_titled_documents_of_one_day_stay_apart() -> None:
    text = (
        "Chiều 9/5/2024, Tỉnh Đoàn Kon Tum và tỉnh Attapeu ký kết Biên bản ghi nhớ hợp tác giai đoạn 2024 - 2026.\n"
        "Cùng ngày, Sở Y tế tỉnh Kon Tum và Sở Y tế tỉnh Attapeu ký Thỏa thuận hợp tác về khám chữa bệnh."
    )
    got = _keys(_extract(text)["agreements"], "kind", "start_year", "signed")
    assert got == [("mou", 2024, "2024-05-09"), ("agreement", None, "2024-05-09")]


def test_bare_headline_naming_takes_the_later_period() -> None:
    text = (
        "Kon Tum ký kết Thỏa thuận hợp tác với tỉnh Ratanakiri (Campuchia)\n"
        "Ngày 2/3/2024, hai tỉnh Kon Tum và Ratanakiri đã ký Thỏa thuận hợp tác giai đoạn 2024 - 2028."
    )
    assert _keys(_extract(text)["agreements"], "start_year", "end_year") == [(2024, 2028)]


def test_undated_planned_review_and_quarter_dates() -> None:
    text = (
        "08:00 | 20/11/2024\n"
        "Hai tỉnh Quảng Trị và Sa-la-van thống nhất sẽ tổ chức Hội nghị tổng kết Bản ghi nhớ hợp tác tại tỉnh "
        "Sa-la-van.\n"
        "Dự kiến trong quý II/2025, Đoàn đại biểu tỉnh Quảng Trị sẽ sang thăm tỉnh Sa-la-van."
    )
    got = _keys(_extract(text)["events"], "kind", "date", "status", "place")
    assert ("review_conference", None, "planned", "LA-SL") in got
    assert ("visit", "2025", "planned", "LA-SL") in got


def test_talk_about_a_signing_does_not_hide_the_visit() -> None:
    text = (
        "Ngày 10/6/2024, Đoàn đại biểu tỉnh Tây Ninh sẽ sang thăm tỉnh Svay Rieng để trao đổi về việc ký kết "
        "Thỏa thuận hợp tác giai đoạn mới."
    )
    assert _keys(_extract(text)["events"], "kind", "date") == [("visit", "2024-06-10")]


def test_people_with_ranks_youth_unions_and_surname_doan() -> None:
    text = (
        "Dự có Thượng tá Lê Văn Hùng, Phó Giám đốc Công an tỉnh Quảng Bình; Đại tá Khamla Phommavong, "
        "Giám đốc Sở Cảnh sát tỉnh Khăm Muộn; Bí thư Tỉnh Đoàn Quảng Bình Hồ Thị Lan và Phó Chủ tịch UBND "
        "tỉnh Quảng Bình Đoàn Ngọc Lâm."
    )
    people = {p["name"]: p for p in _extract(text)["people"]}
    assert people["Lê Văn Hùng"]["locality"] == "VN-24"
    assert "Phó Giám đốc Công an tỉnh Quảng Bình" in people["Lê Văn Hùng"]["titles"]
    assert people["Khamla Phommavong"]["locality"] == "LA-KH"
    assert people["Hồ Thị Lan"]["titles"] == ["Bí thư Tỉnh Đoàn Quảng Bình"]
    assert people["Đoàn Ngọc Lâm"]["locality"] == "VN-24"


def test_chinese_provinces_by_their_vietnamese_names() -> None:
    text = "Ông Vương Minh, Phó Tỉnh trưởng Chính phủ nhân dân tỉnh Vân Nam, đã hội đàm với tỉnh Hà Giang."
    (person,) = _extract(text)["people"]
    assert (person["locality"], person["titles"]) == (
        "CN-YN",
        ["Phó Tỉnh trưởng Chính phủ nhân dân tỉnh Vân Nam"],
    )
