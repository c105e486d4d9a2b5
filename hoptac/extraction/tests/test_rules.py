"""The rules on synthetic Vietnamese articles written for these tests (not the seed articles)."""

from __future__ import annotations

from typing import Any

from hoptac.extraction.extract import extract_text
from hoptac.extraction.normalize import normalize_text, split_sentences
from hoptac.extraction.people import find_people
from hoptac.extraction.places import index


def _extract(text: str) -> dict[str, Any]:
    return extract_text(normalize_text(text), "test.txt")


def _strip(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "evidence"} for r in records]


def test_places_are_found_with_their_spellings() -> None:
    text = "Tỉnh Quảng Trị và tỉnh Sa-vẳn-na-khệt (Lào), Savannakhet, người lao động, bà Phạm Thị Trang."
    codes = [(text[p.start : p.end], p.code) for p in index().find(text)]
    assert codes == [
        ("Quảng Trị", "VN-25"),
        ("Sa-vẳn-na-khệt", "LA-SV"),
        ("Lào", "LA"),
        ("Savannakhet", "LA-SV"),
    ]


def test_title_chain_before_the_name() -> None:
    s = "Dự buổi làm việc có Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Quảng Trị Võ Văn Hưng và các sở."
    places = index().find(s)
    (person,) = find_people(s, places)
    assert person.name == "Võ Văn Hưng"
    assert [t.text for t in person.titles] == ["Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh Quảng Trị"]
    assert person.titles[-1].places == ["VN-25"]


def test_honorific_name_then_titles() -> None:
    s = "Ông Phết Phômphiphắc, Ủy viên Trung ương Đảng, Tỉnh trưởng tỉnh Savannakhet phát biểu."
    (person,) = find_people(s, index().find(s))
    assert person.name == "Phết Phômphiphắc"
    assert [t.text for t in person.titles] == ["Ủy viên Trung ương Đảng", "Tỉnh trưởng tỉnh Savannakhet"]


def test_people_locality_from_context_and_no_bylines() -> None:
    text = (
        "Đoàn đại biểu tỉnh Nghệ An do Phó Chủ tịch UBND tỉnh Bùi Đình Long làm trưởng đoàn đã đến thăm "
        "tỉnh Xiêng Khoảng.\nHoàng Lan\n"
    )
    people = _strip(_extract(text)["people"])
    assert people == [{"name": "Bùi Đình Long", "locality": "VN-22", "titles": ["Phó Chủ tịch UBND tỉnh"]}]


ARTICLE = """Gia Lai và Ratanakiri ký kết hợp tác
Cập nhật: 10:30 | 15/03/2024
Sáng 14/3, tại thành phố Pleiku, tỉnh Gia Lai đã diễn ra lễ ký kết Biên bản ghi nhớ hợp tác giai đoạn 2024 - 2028 giữa UBND tỉnh Gia Lai và chính quyền tỉnh Ratanakiri (Campuchia) trên các lĩnh vực: kinh tế, thương mại; y tế; giáo dục và đào tạo.
Trước đó, tháng 5/2019, hai tỉnh đã ký kết Thỏa thuận hợp tác về phát triển nông nghiệp.
Theo Biên bản ghi nhớ, tỉnh Gia Lai sẽ tiếp tục dành 15 suất học bổng giai đoạn 2024 - 2028 cho sinh viên tỉnh Ratanakiri.
Biên bản có hiệu lực từ ngày 01/4/2024. Định kỳ hằng năm, hai bên luân phiên tổ chức hội nghị đánh giá.
Năm 2023, kim ngạch xuất nhập khẩu giữa hai tỉnh đạt 12,5 triệu USD; tỉnh Gia Lai đã trao 3 tỷ đồng hỗ trợ xây trường học.
Hai tỉnh thống nhất năm 2026 tổ chức Hội nghị sơ kết tại tỉnh Ratanakiri.
Tin liên quan
Quảng Trị trao 5 tỷ đồng hỗ trợ Savannakhet xây trường
"""


def test_article_end_to_end() -> None:
    record = _extract(ARTICLE)
    assert record["published"] == "2024-03-15"
    agreements = _strip(record["agreements"])
    assert [(a["kind"], a["parties"], a["start_year"], a["end_year"], a["signed"]) for a in agreements] == [
        ("mou", ["KH-16", "VN-30"], 2024, 2028, "2024-03-14"),
        ("agreement", ["KH-16", "VN-30"], None, None, "2019-05"),
    ]
    mou = agreements[0]
    assert mou["effective_from"] == "2024-04-01"
    assert mou["review_every_years"] == 1
    assert {"economy", "health", "education_training"} <= set(mou["fields"])
    assert _strip(record["commitments"]) == [
        {
            "giver": "VN-30",
            "receiver": "KH-16",
            "quantity": 15,
            "unit": "scholarship",
            "start_year": 2024,
            "end_year": 2028,
        }
    ]
    figures = {(f["metric"], f["value"], f["unit"]) for f in record["figures"]}
    assert ("trade_turnover", 12_500_000, "USD") in figures
    assert ("aid_value", 3_000_000_000, "VND") in figures
    # The related story after "Tin liên quan" gives no figure.
    assert all(f["value"] != 5_000_000_000 for f in record["figures"])
    events = [(e["kind"], e["date"], e["parties"], e["place"], e["status"]) for e in record["events"]]
    assert ("review_conference", "2026", ["KH-16", "VN-30"], "KH-16", "planned") in events
    assert ("signing", "2024-03-14", ["KH-16", "VN-30"], "VN-30", "held") in events


def test_separate_bilateral_agreements() -> None:
    text = (
        "Năm 2023, UBND tỉnh Hà Tĩnh và chính quyền tỉnh Khăm Muồn, tỉnh Bolikhamxay đã ký kết Bản ghi nhớ "
        "về hợp tác song phương giai đoạn 2023 - 2028."
    )
    agreements = _extract(text)["agreements"]
    assert sorted(a["parties"] for a in agreements) == [["LA-BL", "VN-23"], ["LA-KH", "VN-23"]]
    assert all(a["signed"] == "2023" and a["start_year"] == 2023 for a in agreements)


def test_treaties_between_states_are_not_agreements() -> None:
    text = "Hai nước đã ký Biên bản ghi nhớ giữa Chính phủ hai nước về thương mại biên giới năm 2022."
    assert _extract(text)["agreements"] == []


def test_visit_with_year_from_a_time_fixing_statement() -> None:
    text = (
        "Ngày 18/9, Đoàn đại biểu tỉnh Savannakhet (Lào) đến thăm và làm việc tại tỉnh Quảng Trị.\n"
        "Trong 6 tháng đầu năm 2023, tốc độ tăng trưởng GRDP của tỉnh Quảng Trị đạt 6,5%."
    )
    record = _extract(text)
    assert _strip(record["events"]) == [
        {
            "kind": "visit",
            "date": "2023-09-18",
            "parties": ["LA-SV", "VN-25"],
            "place": "VN-25",
            "status": "held",
        }
    ]
    (figure,) = _strip(record["figures"])
    assert figure == {
        "metric": "grdp_growth",
        "value": 6.5,
        "unit": "percent",
        "scope": ["VN-25"],
        "period_start": "2023-01",
        "period_end": "2023-06",
    }


def test_number_words_and_delivered_quantities() -> None:
    text = (
        "Tỉnh Điện Biên đã cử năm giáo viên sang dạy tiếng Việt và cấp 30 suất học bổng cho tỉnh Phông Sa Lỳ; "
        "hai bên đã trao đổi 12 đoàn với 240 lượt cán bộ."
    )
    figures = {(f["metric"], f["value"]) for f in _extract(text)["figures"]}
    assert figures == {
        ("teachers_seconded", 5),
        ("scholarships_awarded", 30),
        ("delegations_exchanged", 12),
        ("delegation_members", 240),
    }


def test_captions_and_related_lists_are_not_body() -> None:
    text = "Hai tỉnh ký kết.\nLãnh đạo hai tỉnh chụp ảnh lưu niệm. Ảnh: TTXVN\nTin liên quan\nMột bài khác đạt 5 tỷ đồng."
    kinds = [s.kind for s in split_sentences(normalize_text(text))]
    assert kinds == ["body", "caption", "caption", "furniture", "furniture"]


def test_evidence_points_into_the_text() -> None:
    text = normalize_text(ARTICLE)
    record = extract_text(text, "x.txt")
    for kind in ("agreements", "commitments", "events", "figures", "people"):
        for r in record[kind]:
            ev = r["evidence"]
            assert ev["sentence"] and ev["sentence"] in text
            assert 0 <= ev["start"] < ev["end"] <= len(text)


def test_place_inside_an_institution_name_is_not_a_scope() -> None:
    text = (
        "Tỉnh Quảng Trị đã hỗ trợ học bổng cho 40 lưu học sinh tỉnh Savannakhet học tại Trường Đại học "
        "Đà Nẵng."
    )
    (figure,) = _extract(text)["figures"]
    assert (figure["metric"], figure["value"], figure["scope"]) == (
        "scholarships_awarded",
        40,
        ["LA-SV", "VN-25"],
    )


def test_since_signing_period_runs_from_the_signing_to_the_dateline() -> None:
    text = (
        "08:00 | 20/11/2024\n"
        "Năm 2021, tỉnh Nghệ An và tỉnh Xiêng Khoảng đã ký kết Bản ghi nhớ hợp tác giai đoạn 2021 - 2025.\n"
        "Từ khi ký kết đến nay, hai tỉnh đã trao đổi 25 đoàn."
    )
    (figure,) = _extract(text)["figures"]
    assert (figure["period_start"], figure["period_end"]) == ("2021", "2024-11")


def test_events_of_other_stories_are_not_cooperation_events() -> None:
    text = (
        "Tỉnh Gia Lai và tỉnh Ratanakiri đã ký kết Bản ghi nhớ hợp tác.\n"
        "Chiều 11/9, tại xã Ia Grai, tỉnh Đắk Lắk, đoàn công tác đến thăm, tặng quà các cháu học sinh."
    )
    assert _extract(text)["events"] == []
