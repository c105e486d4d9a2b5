import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hoptac.reports.services import build_report
from hoptac.reports.tests.conftest import END, PARTNERS, START

REVIEW_FIGURES = [
    "109 đoàn",
    "1.216 lượt",
    "36 hội nghị",
    "32 văn kiện",
    "215.414 lượt người",
    "43.460 lượt phương tiện",
    "16 hài cốt",
    "4 doanh nghiệp",
    "4 dự án",
    "24,4 triệu USD",
    "687,4 triệu USD",
    "203,9 triệu USD",
    "483,5 triệu USD",
    "78 suất học bổng",
]


def test_every_figure_of_the_review_conference_is_reported(report: Any) -> None:
    text = report.text()
    for figure in REVIEW_FIGURES:
        assert figure in text, figure
    assert "trao đổi 109 đoàn với 1.216 lượt cán bộ" in text
    assert "kim ngạch xuất nhập khẩu đạt 687,4 triệu USD, trong đó xuất khẩu 203,9 triệu USD" in text


def test_header_and_summary_come_from_the_vietnamese_party(report: Any) -> None:
    assert report.header.parent == "UBND TỈNH KON TUM"
    assert report.header.place_and_date == "Kon Tum, ngày 05 tháng 01 năm 2025"
    assert report.summary.startswith("Sơ kết thực hiện Bản ghi nhớ hợp tác giữa tỉnh Kon Tum với")
    assert report.summary.endswith("giai đoạn 2022-2027")
    assert [s.heading[:3] for s in report.sections] == ["I. ", "II.", "III"]
    assert report.recipients[-1].startswith("Lưu: VT")


def test_reviews_of_the_sekong_agreement(report: Any) -> None:
    rows = [r for r in report.table("reviews").rows if "Sê Kông" in r[1]]
    assert [(r[2], r[3], r[4]) for r in rows] == [
        (2024, "Kon Tum", "Đã tổ chức"),
        (2027, "Sê Kông", "Dự kiến"),
    ]
    assert (
        "năm 2024 đã tổ chức tại tỉnh Kon Tum (12/12/2024); năm 2027 dự kiến tổ chức tại tỉnh Sê Kông"
        in report.text()
    )
    assert any("năm 2027 tại tỉnh Sê Kông" in text for _, text in report.sections[2].blocks)


def test_commitments_show_committed_delivered_and_share(report: Any) -> None:
    rows = {r[4]: r for r in report.table("commitments").rows}
    scholarships = rows["10 suất học bổng cho sinh viên tỉnh Sê Kông"]
    assert (scholarships[5].value, scholarships[6].value, scholarships[7]) == (10, 2, Decimal("0.2"))
    assert "đã thực hiện 2/10 suất học bổng (20%)" in report.text()


def test_only_the_partners_agreements_are_covered(report: Any) -> None:
    from hoptac.agreements.models import Agreement

    titles = set(Agreement.objects.filter(uid__in=report.agreements).values_list("title", flat=True))
    assert len(titles) == 2 and all("Champasak" not in t and "Stung Treng" not in t for t in titles)
    assert "(2018)" not in report.text()  # replaced by its 2022 successor before the period
    assert "Champasak" not in report.text()


def test_overlapping_reports_are_not_added_twice(demo: None) -> None:
    from hoptac.figures.models import Figure
    from hoptac.figures.services import create_figure

    delegations = Figure.objects.get(metric_id="delegations_exchanged")
    create_figure(
        {
            "metric": "delegations_exchanged",
            "value": 40,
            "unit": "count",
            "period_start": "2024",
            "scope": ["LA-AT", "LA-SL", "LA-XE", "VN-28"],
            "activity": str(delegations.activity.uid),
        }
    )
    text = build_report(partners=PARTNERS, start=START, end=END).text()
    assert "trao đổi 109 đoàn" in text and "149 đoàn" not in text


def test_one_agreement(demo: None) -> None:
    from hoptac.agreements.models import Agreement

    sekong = Agreement.objects.get(title__contains="Sê Kông giai đoạn 2022-2027")
    report = build_report(agreement=str(sekong.uid), start=START, end=END)
    assert report.summary == f"Sơ kết thực hiện {sekong.title}"
    assert "109 đoàn" in report.text()  # through the review conference it is linked to
    assert "215.414" not in report.text()  # the Attapeu agreement's border figures stay out


def test_confidential_agreements_stay_out(demo: None) -> None:
    from hoptac.agreements.models import Agreement

    Agreement.objects.filter(title__contains="Attapeu").update(confidential=True)
    text = build_report(partners=PARTNERS, start=START, end=END).text()
    assert "Attapeu" not in text and "215.414" not in text
    assert "Sê Kông" in text


@pytest.mark.usefixtures("english_messages")
def test_a_signed_out_reader_sees_nothing(demo: None) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValidationError) as caught:
        build_report(partners=PARTNERS, start=START, end=END, user=AnonymousUser())
    assert "no agreement" in caught.value.message_dict["partners"][0]


@pytest.mark.usefixtures("english_messages")
@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"partners": ["VN-28", "XX-99"]}, "partners", "unknown place XX-99"),
        ({"partners": ["VN-28"]}, "partners", "at least two"),
        (
            {"partners": ["VN-28", "KH-19"], "start": dt.date(2010, 1, 1), "end": dt.date(2011, 1, 1)},
            "partners",
            "no agreement",
        ),
        ({"agreement": "not-a-uid"}, "agreement", "not an agreement id"),
        ({"agreement": "6a4f6f43-3f42-4bd4-a8a1-0b0c5e1b7a00"}, "agreement", "no agreement has the id"),
        ({"partners": PARTNERS, "start": END, "end": START}, "to", "before it starts"),
    ],
)
def test_bad_input_names_the_option(demo: None, kwargs: dict[str, Any], field: str, message: str) -> None:
    kwargs.setdefault("start", START)
    kwargs.setdefault("end", END)
    with pytest.raises(ValidationError) as caught:
        build_report(**kwargs)
    assert message in " ".join(caught.value.message_dict[field])


def test_officer_text_replaces_the_draft(demo: None, options: Any) -> None:
    options.difficulties = "Giao thông đi lại còn khó khăn.\n- Thiếu phiên dịch tiếng Lào."
    report = build_report(partners=PARTNERS, start=START, end=END, options=options)
    assert report.sections[1].blocks == [
        ("p", "Giao thông đi lại còn khó khăn."),
        ("item", "Thiếu phiên dịch tiếng Lào."),
    ]
    assert report.sections[2].blocks  # III keeps its draft


def test_queries_do_not_grow_with_the_records(demo: None, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(22):
        build_report(partners=PARTNERS, start=START, end=END)
