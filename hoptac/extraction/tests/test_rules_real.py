"""Rules found on real press articles (../shared/dev), each tested on an invented text of its own."""

from __future__ import annotations

from typing import Any

from hoptac.extraction.dates import find_dates, reference_year
from hoptac.extraction.extract import extract_text
from hoptac.extraction.normalize import line_kind, normalize_text
from hoptac.extraction.places import index


def _extract(text: str) -> dict[str, Any]:
    return extract_text(normalize_text(text), "test.txt")


def _people(text: str) -> list[tuple[str, str | None, list[str]]]:
    return [(p["name"], p["locality"], p["titles"]) for p in _extract(text)["people"]]


def _events(text: str) -> list[tuple[str, str | None, list[str], str]]:
    return [(e["kind"], e["date"], e["parties"], e["status"]) for e in _extract(text)["events"]]


def _codes(text: str) -> list[str]:
    return [p.code for p in index().find(text)]


# Dates and the reference year
def test_day_and_month_with_a_dash_or_a_dot_after_a_day_word() -> None:
    assert [(d.month, d.day, d.year) for d in find_dates("Chiều 14-6, tại Huế")] == [(6, 14, None)]
    assert [(d.month, d.day, d.year) for d in find_dates("Sáng ngày 3.11, hai bên")] == [(11, 3, None)]
    assert [(d.month, d.day, d.year) for d in find_dates("ngày 3-11-2021")] == [(11, 3, 2021)]


def test_reference_year_from_the_address_then_a_statement_then_the_latest_date() -> None:
    assert reference_year("https://bao.vn/tin/202304/hai-tinh-hop-tac-1.html\nNội dung.", None) == 2023
    assert reference_year("https://bao.vn/2021/07/05/tin.html\nNội dung.", None) == 2021
    assert reference_year("Hai bên đánh giá kết quả trong năm 2019 và bàn kế hoạch.", None) == 2019
    # An effective date may lie after the article: it fixes no year of writing.
    text = "Trước đó, ngày 2-3-2020 hai bên gặp nhau; văn bản có hiệu lực từ ngày 01/01/2030."
    assert reference_year(text, None) == 2020


def test_a_review_after_n_years_of_an_agreement_signed_in_a_given_year() -> None:
    text = (
        "Sáng 5-10, tại tỉnh Gia Lai, hai tỉnh Gia Lai và Ratanakiri tổ chức Hội nghị tổng kết 3 năm thực "
        "hiện thỏa thuận hợp tác (được ký kết ngày 20/4/2016)."
    )
    assert ("review_conference", "2019-10-05", ["KH-16", "VN-30"], "held") in _events(text)


# Places
def test_japanese_and_korean_provinces_and_border_prefectures() -> None:
    assert _codes("thăm tỉnh Yamaguchi và tỉnh Gyeonggi") == ["JP-35", "KR-41"]
    assert _codes("lãnh đạo châu Hồng Hà (tỉnh Vân Nam)") == ["CN-YN", "CN-YN"]
    assert _codes("ông Trần Văn Sơn và bà Lê Hồng Hà") == []


def test_the_man_is_not_the_city_and_a_comma_splits_names() -> None:
    assert _codes("Đoàn TNCS Hồ Chí Minh tỉnh Gia Lai") == ["VN-30"]
    assert _codes("tại Thành phố Hồ Chí Minh") == ["VN-SG"]
    assert _codes("tại thành phố Đông Hà, tỉnh Quảng Trị") == ["VN-25"]


# People
def test_name_dash_title_and_title_dash_name() -> None:
    text = (
        "Dự lễ có ông Khăm Phăn Xỉ Xổm - Phó Tỉnh trưởng tỉnh Sê Kông và ông Đỗ Minh Tâm - Phó Chủ tịch "
        "UBND tỉnh Quảng Nam. Tỉnh trưởng tỉnh Kampot - Mao Thô Ra phát biểu."
    )
    assert _people(text) == [
        ("Khăm Phăn Xỉ Xổm", "LA-XE", ["Phó Tỉnh trưởng tỉnh Sê Kông"]),
        ("Đỗ Minh Tâm", "VN-27", ["Phó Chủ tịch UBND tỉnh Quảng Nam"]),
        ("Mao Thô Ra", "KH-7", ["Tỉnh trưởng tỉnh Kampot"]),
    ]


def test_a_list_of_names_with_dashes_and_semicolons() -> None:
    text = (
        "Tham dự có các ông: Lý Văn Phúc - Giám đốc Sở Ngoại vụ tỉnh Lạng Sơn; Hoàng Đức Lâm - Phó Chủ tịch "
        "UBND tỉnh Lạng Sơn."
    )
    assert _people(text) == [
        ("Lý Văn Phúc", "VN-09", ["Giám đốc Sở Ngoại vụ tỉnh Lạng Sơn"]),
        ("Hoàng Đức Lâm", "VN-09", ["Phó Chủ tịch UBND tỉnh Lạng Sơn"]),
    ]


def test_a_hyphen_glued_to_the_title_ends_the_name() -> None:
    text = "Đoàn tỉnh Kratie do ông Sok Vanna-Tỉnh trưởng làm trưởng đoàn đến thăm tỉnh Bình Phước ngày 2/5/2024."
    assert ("Sok Vanna", "KH-10", ["Tỉnh trưởng"]) in _people(text)


def test_embassy_officials_belong_to_their_country() -> None:
    text = "Tham tán Công sứ Đại sứ quán Việt Nam tại Lào Ngô Văn Hải dự lễ cùng lãnh đạo tỉnh Kon Tum."
    assert _people(text) == [("Ngô Văn Hải", "VN", ["Tham tán Công sứ Đại sứ quán Việt Nam tại Lào"])]


def test_a_place_named_after_the_title_before_the_next_person() -> None:
    text = (
        "Buổi lễ có sự tham dự của ông Bun Thong Ma Ni - Phó Bí thư tỉnh ủy phụ trách công tác cán bộ tỉnh "
        "Xiêng Khoảng và ông Cầm Văn Chính - Phó Bí thư Tỉnh ủy Sơn La."
    )
    assert [(n, loc) for n, loc, _ in _people(text)] == [
        ("Bun Thong Ma Ni", "LA-XI"),
        ("Cầm Văn Chính", "VN-05"),
    ]


def test_an_unpunctuated_line_where_an_official_acts_is_a_caption() -> None:
    assert (
        line_kind("Phó Chủ tịch UBND tỉnh Nghệ An Trần Văn Bảo và Phó Tỉnh trưởng Vông Xay dự lễ")
        == "caption"
    )
    assert line_kind("Hai tỉnh tăng cường hợp tác toàn diện") == "furniture"


# Events
def test_each_visit_mention_takes_its_own_date_and_place() -> None:
    text = (
        "Hai bên trao đổi nhiều đoàn, nổi bật là chuyến thăm tỉnh Lào Cai của Bí thư Tỉnh ủy Vân Nam (tháng "
        "5/2018) và chuyến thăm tỉnh Vân Nam của Bí thư Tỉnh ủy Lào Cai (tháng 11/2019)."
    )
    extracted = _extract(text)["events"]
    got = sorted((e["kind"], e["date"], e["place"]) for e in extracted)
    assert got == [("visit", "2018-05", "VN-02"), ("visit", "2019-11", "CN-YN")]


def test_a_conference_that_assesses_the_agreements_is_a_review() -> None:
    text = (
        "Ngày 4/6/2021, tại tỉnh Quảng Bình diễn ra Hội nghị hợp tác giữa tỉnh Quảng Bình và tỉnh Khăm Muộn.\n"
        "Hội nghị đã đánh giá tình hình thực hiện các thỏa thuận hợp tác giữa hai tỉnh.\n"
    )
    assert ("review_conference", "2021-06-04", ["LA-KH", "VN-24"], "held") in _events(text)


# Agreements
def _agreements(text: str) -> list[tuple[list[str], str | None]]:
    return [(a["parties"], a["signed"]) for a in _extract(text)["agreements"]]


def test_one_document_among_provinces_of_three_countries_is_one_agreement() -> None:
    text = (
        "Ngày 9/10/2022, lãnh đạo 3 tỉnh Quảng Trị (Việt Nam), Savannakhet (Lào) và Mukdahan (Thái Lan) "
        "ký Biên bản ghi nhớ hợp tác giữa 3 tỉnh của 3 nước."
    )
    assert _agreements(text) == [(["LA-SV", "TH-49", "VN-25"], "2022-10-09")]


def test_a_signing_venue_is_not_a_party() -> None:
    text = (
        "Tối 2/12/2024, tại thủ đô Viêng Chăn, tỉnh Nghệ An và tỉnh Xiêng Khoảng ký kết Thỏa thuận hợp tác "
        "giai đoạn 2025 - 2030."
    )
    assert [a["parties"] for a in _extract(text)["agreements"]] == [["LA-XI", "VN-22"]]


def test_agreements_in_general_are_no_agreement() -> None:
    text = "Hai bên rà soát tình hình thực hiện các thỏa thuận hợp tác giữa tỉnh Kon Tum và tỉnh Attapeu."
    assert _extract(text)["agreements"] == []


def test_a_document_signed_at_the_conference_takes_its_day_and_the_parties_before() -> None:
    text = (
        "Ngày 15/3/2023, tại tỉnh Quảng Trị diễn ra Hội nghị hợp tác giữa tỉnh Quảng Trị và tỉnh Salavan.\n"
        "Đồng thời, hai bên thống nhất ký biên bản ghi nhớ về hợp tác du lịch.\n"
    )
    assert _agreements(text) == [(["LA-SL", "VN-25"], "2023-03-15")]


def test_exchange_of_goods_is_no_aid() -> None:
    text = "Năm 2023, trao đổi hàng hóa của cư dân biên giới tỉnh Cao Bằng với Quảng Tây đạt 0,3 tỷ USD."
    assert [f["metric"] for f in _extract(text)["figures"] if f["metric"] == "aid_value"] == []


# Rules found on the second half of the real articles
def test_a_country_ends_a_national_title_and_outranks_the_sentence_place() -> None:
    text = (
        "Sáng 3/4/2024, tại tỉnh Hủa Phăn, Phó Thủ tướng Lào Bun Thoong Chít Ma Ni và Phó Thủ tướng Chính phủ "
        "Hoàng gia Campuchia Sam Rin Đa dự lễ. Phó Thủ tướng Bun Thoong Chít Ma Ni phát biểu."
    )
    assert [(n, loc) for n, loc, _ in _people(text)] == [
        ("Bun Thoong Chít Ma Ni", "LA"),
        ("Sam Rin Đa", "KH"),
    ]


def test_a_list_with_commas_and_a_capitalised_honorific() -> None:
    text = (
        "Các đồng chí: Vi Văn Sơn, Bí thư Tỉnh ủy Lai Châu; Xổm Phết Vông, Bí thư, Tỉnh trưởng tỉnh "
        "Luangnamtha đồng chủ trì. Tham dự có: Ông Hà Văn Thắng - Phó Chủ tịch UBND tỉnh Lai Châu."
    )
    assert [(n, loc) for n, loc, _ in _people(text)] == [
        ("Vi Văn Sơn", "VN-01"),
        ("Xổm Phết Vông", "LA-LM"),
        ("Hà Văn Thắng", "VN-01"),
    ]


def test_a_romanised_foreign_name_in_a_body_named_after_the_vietnamese_side() -> None:
    text = (
        "Ngày 7/5/2024, đoàn tỉnh Hà Tĩnh thăm tỉnh Gyeonggi. Tiếp đoàn có ông Park Min Soo - Trưởng nhóm "
        "Hữu nghị tỉnh Hà Tĩnh và ông Lê Văn Hòa - Phó Chủ tịch UBND tỉnh Hà Tĩnh."
    )
    assert [(n, loc) for n, loc, _ in _people(text)] == [("Park Min Soo", "KR-41"), ("Lê Văn Hòa", "VN-23")]


def test_a_name_that_sounds_like_a_province_without_its_accents() -> None:
    assert _codes("Đồng chí Trần Nam Đình phát biểu") == []
    assert _codes("tỉnh Nam Định") == ["VN-67"]


def test_foreign_names_run_together() -> None:
    assert _codes("tỉnh Luangprabang và tỉnh Oudomxay") == ["LA-LP", "LA-OU"]


def test_a_group_of_provinces_that_signs_as_one_side_and_talks_that_assess_are_a_review() -> None:
    text = (
        "Ngày 9-11, tỉnh Lai Châu và đoàn đại biểu các tỉnh Bắc Lào gồm Phông Sa Lỳ và Luông Nậm Thà tổ chức "
        "hội đàm và ký kết biên bản hợp tác.\n"
        "Tại hội đàm, hai bên thông tin về tình hình mỗi tỉnh.\n"
        "Đồng thời đánh giá kết quả hợp tác giữa các tỉnh trong năm.\n"
    )
    record = _extract(text)
    assert [a["parties"] for a in record["agreements"]] == [["LA-LM", "LA-PH", "VN-01"]]
    kinds = {(e["kind"], tuple(e["parties"])) for e in record["events"]}
    assert ("review_conference", ("LA-LM", "LA-PH", "VN-01")) in kinds


def test_an_undated_visit_named_in_the_title() -> None:
    text = (
        "Lãnh đạo tỉnh Savannakhet thăm và chúc Tết tỉnh Quảng Trị\n"
        "Hai tỉnh Quảng Trị và Savannakhet có quan hệ hữu nghị lâu đời; lãnh đạo tỉnh Savannakhet chúc Tết "
        "lãnh đạo tỉnh Quảng Trị.\n"
    )
    assert [(e["kind"], e["date"], e["place"], e["status"]) for e in _extract(text)["events"]] == [
        ("visit", None, "VN-25", "held")
    ]


def test_this_visit_of_a_named_delegation_is_held_at_the_other_side() -> None:
    text = (
        "Lãnh đạo tỉnh Đồng Tháp tiếp Đoàn tỉnh Prey Veng tại trụ sở UBND tỉnh Đồng Tháp.\n"
        "Chuyến thăm lần này góp phần thắt chặt quan hệ giữa tỉnh Đồng Tháp và tỉnh Prey Veng.\n"
    )
    visits = [(e["date"], e["place"]) for e in _extract(text)["events"] if e["kind"] == "visit"]
    assert visits == [(None, "VN-45")]


def test_a_signing_in_the_lead_without_a_day_takes_the_dateline_month() -> None:
    text = (
        "Hội nghị cấp cao hai tỉnh\n"
        "10:20 12/11/2024\n"
        "Đại biểu hai tỉnh Nghệ An và Xiêng Khoảng đã thảo luận và thống nhất ký kết biên bản ghi nhớ hợp tác.\n"
    )
    assert _agreements(text) == [(["LA-XI", "VN-22"], "2024-11")]


def test_a_repeated_quantity_is_one_figure() -> None:
    text = (
        "Sáng 3-5-2024, tỉnh Quảng Nam bàn giao 4 bộ hài cốt liệt sĩ cho tỉnh Sê Kông.\n"
        "Tại buổi lễ, hai tỉnh Quảng Nam và Sê Kông đã tiếp nhận 4 bộ hài cốt liệt sĩ.\n"
    )
    assert [(f["metric"], f["value"]) for f in _extract(text)["figures"]] == [("remains_repatriated", 4)]


def test_what_continued_over_the_past_year_is_a_result_not_a_promise() -> None:
    text = (
        "Trong năm qua, hai tỉnh đạt nhiều kết quả. Tỉnh Quảng Bình tiếp tục cấp 40 suất học bổng cho học sinh "
        "tỉnh Khăm Muộn.\n"
    )
    record = _extract(text)
    assert record["commitments"] == []
    assert [(f["metric"], f["value"]) for f in record["figures"]] == [("scholarships_awarded", 40)]


def test_without_a_dateline_an_event_takes_the_year_its_sentence_names() -> None:
    text = "Ngày 12/4, đoàn đại biểu tỉnh An Giang đến thăm, chúc Tết năm 2024 tại tỉnh Takeo, Campuchia."
    assert [(e["kind"], e["date"]) for e in _extract(text)["events"]] == [("visit", "2024-04-12")]


def test_a_signing_ceremony_takes_the_year_its_agreement_fixed() -> None:
    text = (
        "Sáng 15/12, tại tỉnh Gia Lai diễn ra lễ ký kết Biên bản ghi nhớ hợp tác giữa tỉnh Gia Lai và tỉnh "
        "Ratanakiri. Biên bản ghi nhớ có hiệu lực từ ngày 01/01/2025."
    )
    record = _extract(text)
    assert [a["signed"] for a in record["agreements"]] == ["2024-12-15"]
    assert [(e["kind"], e["date"]) for e in record["events"]] == [("signing", "2024-12-15")]


def test_figures_of_a_named_year_run_over_that_year() -> None:
    text = "Năm 2023, kim ngạch xuất nhập khẩu giữa tỉnh Lạng Sơn và Quảng Tây đạt 3,5 tỷ USD."
    assert [(f["metric"], f["period_start"], f["period_end"]) for f in _extract(text)["figures"]] == [
        ("trade_turnover", "2023", "2023")
    ]


def test_a_visit_to_a_country_takes_the_province_of_that_country_the_clause_names() -> None:
    text = (
        "Ngày 12/6/2024, trong chuyến thăm và làm việc tại Hàn Quốc, Phó Chủ tịch UBND tỉnh Hà Tĩnh Lê Ngọc "
        "Châu làm việc với lãnh đạo tỉnh Gyeonggi."
    )
    assert [(e["kind"], e["place"]) for e in _extract(text)["events"] if e["kind"] == "visit"] == [
        ("visit", "KR-41")
    ]


def test_of_two_visits_in_one_sentence_the_dated_one_is_recorded_with_its_place() -> None:
    text = (
        "Ông chúc mừng đoàn tỉnh Quảng Ninh đến thăm và làm việc với tỉnh Quảng Tây, sau chuyến thăm và làm "
        "việc của lãnh đạo Quảng Tây tại tỉnh Quảng Ninh ngày 4-3-2024."
    )
    visits = [(e["date"], e["place"]) for e in _extract(text)["events"] if e["kind"] == "visit"]
    assert visits == [("2024-03-04", "VN-13")]


def test_bilateral_documents_with_two_partners_stay_two() -> None:
    text = (
        "Ngày 5/3/2024, tỉnh Kon Tum ký kết Bản ghi nhớ về hợp tác song phương với tỉnh Attapeu và với tỉnh Sê "
        "Kông, góp phần vun đắp quan hệ giữa các nước."
    )
    assert sorted(a["parties"] for a in _extract(text)["agreements"]) == [
        ["LA-AT", "VN-28"],
        ["LA-XE", "VN-28"],
    ]


def test_receiving_a_delegation_is_its_visit_to_the_host() -> None:
    text = (
        "Ngày 3/10/2024, Chủ tịch UBND tỉnh Gia Lai Lê Văn Tâm tiếp đoàn đại biểu tỉnh Ratanakiri (Campuchia) "
        "do ông Nhem Sa Rin, Phó Tỉnh trưởng tỉnh Ratanakiri dẫn đầu."
    )
    assert [(e["kind"], e["date"], e["parties"], e["place"]) for e in _extract(text)["events"]] == [
        ("visit", "2024-10-03", ["KH-16", "VN-30"], "VN-30")
    ]


def test_a_delegation_that_came_to_sign_is_no_visit_besides() -> None:
    text = (
        "Lãnh đạo tỉnh Attapeu thăm và làm việc tại tỉnh Kon Tum\n"
        "Sáng 9/3/2024, tại tỉnh Kon Tum, hai tỉnh Kon Tum và Attapeu tổ chức lễ ký kết Biên bản ghi nhớ hợp tác.\n"
    )
    assert [e["kind"] for e in _extract(text)["events"]] == ["signing"]


def test_a_review_after_n_years_reads_the_signing_year_without_a_day_word() -> None:
    text = (
        "Sáng 8-11, tại tỉnh Đắk Lắk, tỉnh Đắk Lắk và tỉnh Mondulkiri tổ chức Hội nghị sơ kết 2 năm thực hiện "
        "Biên bản ghi nhớ đã ký kết 20/5/2019."
    )
    assert ("review_conference", "2021-11-08", ["KH-11", "VN-33"], "held") in _events(text)
