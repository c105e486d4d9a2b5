"""Every page renders with the demo data and shows the right facts."""

from __future__ import annotations

import re
from typing import Any

import pytest

from hoptac.web.tests.conftest import agreement_uid

pytestmark = pytest.mark.django_db


def text_of(response: Any) -> str:
    """The page as text, tags removed and spaces folded (for assertions that read like the page)."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_signed_out_visitors_are_sent_to_sign_in(client: Any, demo: None) -> None:
    response = client.get("/agreements/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_in_page_and_sign_in(client: Any, admin_user: Any) -> None:
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()
    response = client.post("/accounts/login/", {"username": "chuyenvien", "password": "a-long-password-123"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_dashboard_shows_what_needs_attention(admin_client: Any, demo: None) -> None:
    response = admin_client.get("/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Tổng quan" in page
    # The Kon Tum – Stung Treng MOU (2-yearly reviews from 2023, signed at Kon Tum): 2025 review hosted by Stung Treng is overdue.
    assert "Đăng cai (luân phiên): Stung Treng" in page
    assert "quá hạn" in page
    # The 2027 closing review of Kon Tum – Sê Kông is planned; the 2024-12-12 review conference was held.
    assert "Hội nghị tổng kết Bản ghi nhớ hợp tác Kon Tum – Sê Kông" in page
    assert "12/12/2024" in page and "Hội nghị sơ kết Bản ghi nhớ hợp tác Kon Tum – Attapeu – Sê Kông" in page
    # Headline figures in Vietnamese style.
    assert "1.216" in page and "215.414" in page and "687,4 triệu USD" in page
    # The Sê Kông → Kon Tum scholarships (2 in 2023-2024, none delivered) are behind schedule.
    assert "2 suất học bổng cho sinh viên tỉnh Kon Tum" in page
    # Charts are inline SVG, no script library.
    assert response.content.decode().count("<svg") >= 2


def test_dashboard_expiring_and_expired_lists(admin_client: Any, demo: None) -> None:
    page = text_of(admin_client.get("/"))
    expiring = page.split("Hết hạn trong 12 tháng tới", 1)[1].split("Đã hết hạn", 1)[0]
    # On 15/03/2026 the Huế – Champasak agreement (2022-2026) ends within 12 months; Kon Tum's run to 2027.
    assert "Thừa Thiên Huế" in expiring
    assert "Attapeu" not in expiring


def test_agreement_page_lists_parties_commitments_and_more(admin_client: Any, demo: None) -> None:
    uid = agreement_uid("Sê Kông giai đoạn 2022-2027")
    response = admin_client.get(f"/agreements/{uid}/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Kon Tum" in page and "Sê Kông" in page
    assert "Lê Ngọc Tuấn" in page and "Leklai Sivilay" in page
    assert "10 suất học bổng cho sinh viên tỉnh Sê Kông" in page
    assert "đã thực hiện 2/10 (20%)" in page
    assert "Giáo dục - đào tạo" in page
    # The 2018 MOU it replaced, and the planned closing review in the activity timeline.
    assert "Sê Kông (2018)" in page
    assert "Hội nghị tổng kết" in page
    assert "Lịch sử thay đổi" in page


def test_agreement_page_highlights_the_supporting_span(admin_client: Any, demo: None) -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.sources.services import create_source, link_source

    agreement = Agreement.objects.get(title__contains="Stung Treng")
    text = "Ngày 28/12/2022, <Kon Tum> và Stung Treng ký Bản ghi nhớ hợp tác. Tin khác."
    source = create_source({"title": "Tin ký kết", "text": text})
    start = text.index("Kon Tum")
    link_source(agreement, source, start - 1, text.index(" Tin khác"))
    html = admin_client.get(f"/agreements/{agreement.uid}/").content.decode()
    assert "<mark>&lt;Kon Tum&gt; và Stung Treng ký Bản ghi nhớ hợp tác.</mark>" in html
    assert "<Kon Tum>" not in html


def test_agreement_page_review_schedule(admin_client: Any, demo: None) -> None:
    uid = agreement_uid("Stung Treng")
    page = text_of(admin_client.get(f"/agreements/{uid}/"))
    schedule = page.split("Lịch sơ kết, tổng kết", 1)[1]
    assert "2025 Stung Treng quá hạn" in schedule
    assert "2027 Kon Tum dự kiến" in schedule


def test_unknown_agreement_is_404(admin_client: Any, demo: None) -> None:
    assert admin_client.get("/agreements/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_sekong_place_page(admin_client: Any, demo: None) -> None:
    response = admin_client.get("/places/LA-XE/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Sê Kông" in page and "LA-XE" not in page
    assert "Các thỏa thuận theo thời gian" in page
    assert "Sê Kông giai đoạn 2022-2027" in page and "Sê Kông (2018)" in page
    partners = page.split("Đối tác:", 1)[1].split("Các thỏa thuận theo thời gian", 1)[0]
    assert "Kon Tum" in partners and "Stung Treng" not in partners
    assert "Số suất học bổng" in page


def test_kon_tum_page_shows_the_2025_reorganisation(admin_client: Any, demo: None) -> None:
    page = text_of(admin_client.get("/places/vn-28/"))
    assert "Kon Tum → Quảng Ngãi từ 01/07/2025" in page
    assert "Y Ngọc" in page and "Phó Chủ tịch UBND tỉnh Kon Tum" in page


def test_successor_province_page_carries_the_old_agreements(admin_client: Any, demo: None) -> None:
    from hoptac.places.models import PlaceLineage

    successor = PlaceLineage.objects.get(predecessor_id="VN-28").successor_id
    page = text_of(admin_client.get(f"/places/{successor}/"))
    assert "Kon Tum → Quảng Ngãi" in page
    assert "Sê Kông giai đoạn 2022-2027" in page


def test_places_index_and_unknown_place(admin_client: Any, demo: None) -> None:
    page = text_of(admin_client.get("/places/"))
    assert "Sê Kông" in page and "Stung Treng" in page and "Huế" in page and "Chăm-pa-xắc" in page
    assert admin_client.get("/places/XX-99/").status_code == 404


def test_activities_page(admin_client: Any, demo: None) -> None:
    page = text_of(admin_client.get("/activities/"))
    assert "Đoàn tỉnh Champasak thăm và làm việc tại Thừa Thiên Huế" in page
    assert "26/09/2024" in page
    filtered = text_of(admin_client.get("/activities/?kind=visit"))
    assert "Champasak thăm" in filtered and "Lễ ký" not in filtered


def test_activity_page(admin_client: Any, demo: None) -> None:
    from hoptac.activities.models import Activity

    review = Activity.objects.get(date="2024-12-12")
    page = text_of(admin_client.get(f"/activities/{review.uid}/"))
    assert "Y Ngọc" in page and "12/12/2024" in page
    assert "687,4 triệu USD" in page


def test_english_switch_changes_the_labels(admin_client: Any, demo: None) -> None:
    vi = text_of(admin_client.get("/"))
    assert "Thỏa thuận đang có hiệu lực" in vi and "Ngôn ngữ" not in vi
    response = admin_client.post("/i18n/setlang/", {"language": "en", "next": "/agreements/"})
    assert response.status_code == 302 and response["Location"] == "/agreements/"
    en = text_of(admin_client.get("/"))
    assert "Agreements in force" in en and "Dashboard" in en
    assert "Thỏa thuận đang có hiệu lực" not in en
    # Numbers keep the Vietnamese style; the scale word is translated.
    assert "687,4 million USD" in en
    assert '<html lang="en">' in admin_client.get("/agreements/").content.decode()


def test_every_asset_is_served_by_the_app(admin_client: Any, demo: None) -> None:
    html = admin_client.get("/").content.decode()
    assert "https://" not in re.sub(r'href="https?://[^"]*"', "", html.split("</head>")[0])
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert admin_client.get(asset).status_code == 200, asset
    assert 'style="' not in html  # the content security policy allows no inline style
