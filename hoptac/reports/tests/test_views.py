import io
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

QUERY = {"partners": "VN-28,LA-AT,LA-XE", "from": "2022-01-01", "to": "2024-12-31"}


@pytest.fixture
def admin_client(client: Any, django_user_model: Any) -> Any:
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "a-long-password-1")
    client.force_login(user)
    return client


def test_signed_out_users_are_sent_to_sign_in(demo: None, client: Any) -> None:
    response = client.get("/reports/", {**QUERY, "format": "docx"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_download_link_sends_the_file(
    demo: None, admin_client: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(30):
        response = admin_client.get("/reports/", {**QUERY, "format": "docx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-2022-01-01-2024-12-31.docx"'
    document = Document(io.BytesIO(response.content))
    assert any("109 đoàn" in p.text for p in document.paragraphs)

    sheet = admin_client.get("/reports/", {**QUERY, "format": "xlsx"})
    assert "Số liệu" in load_workbook(io.BytesIO(sheet.content)).sheetnames
    page = admin_client.get("/reports/", {**QUERY, "format": "html"})
    assert page["Content-Disposition"].startswith("inline") and "BÁO CÁO" in page.content.decode()


def test_the_form_and_its_edited_text(demo: None, admin_client: Any) -> None:
    form = admin_client.get("/reports/")
    assert form.status_code == 200 and b'name="difficulties"' in form.content
    response = admin_client.post(
        "/reports/", {**QUERY, "format": "html", "proposals": "Mở thêm lớp tiếng Việt."}
    )
    assert response.status_code == 200 and "Mở thêm lớp tiếng Việt." in response.content.decode()


def test_bad_input_shows_the_form_with_the_message(demo: None, admin_client: Any) -> None:
    response = admin_client.get("/reports/", {**QUERY, "to": "2021-01-01", "format": "pdf"})
    # "the period ends … before it starts", in the page's language
    assert response.status_code == 400 and "trước khi bắt đầu" in response.content.decode()
    response = admin_client.get("/reports/", {**QUERY, "format": "odt"})
    assert response.status_code == 400 and "not a report format" in response.content.decode()


def test_a_province_officer_does_not_see_a_confidential_agreement(
    demo: None, client: Any, django_user_model: Any
) -> None:
    from hoptac.accounts.models import Membership, Role
    from hoptac.agreements.models import Agreement

    Agreement.objects.filter(title__contains="Attapeu").update(confidential=True)
    viewer = django_user_model.objects.create_user("viewer", "v@example.org", "a-long-password-1")
    membership = Membership.objects.create(user=viewer, role=Role.VIEWER)
    membership.places.set(["VN-28"])
    client.force_login(viewer)
    response = client.get("/reports/", {**QUERY, "format": "html"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sê Kông" in page and "Chính quyền tỉnh Attapeu" not in page and "215.414" not in page
