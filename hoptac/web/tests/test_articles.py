"""Paste an article, review what the reader found with its evidence, accept some, and they are stored."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

# Written for this test (not from any seed article).
ARTICLE = """Kon Tum và Sê Kông ký kết Bản ghi nhớ hợp tác giai đoạn 2025-2030

Ngày 15/3/2025, tại thành phố Kon Tum, UBND tỉnh Kon Tum và Chính quyền tỉnh Sê Kông (Lào) đã tổ chức lễ ký kết Bản ghi nhớ hợp tác giai đoạn 2025-2030.

Theo Bản ghi nhớ, hai bên hợp tác trong các lĩnh vực giáo dục - đào tạo, y tế và thương mại.

Năm 2024, kim ngạch xuất nhập khẩu giữa hai tỉnh đạt 45,6 triệu USD.
"""


def test_review_page_shows_findings_with_evidence(admin_client: Any, demo: None) -> None:
    response = admin_client.post("/articles/new/", {"text": ARTICLE, "title": "Tin ký kết", "step": "read"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="agreements-0"' in html and 'value="figures-0"' in html
    assert "<mark>Ngày 15/3/2025, tại thành phố Kon Tum" in html
    assert "<mark>45,6 triệu USD" in html or "45,6 triệu USD</mark>" in html


def test_only_accepted_findings_are_stored_with_their_span(admin_client: Any, demo: None) -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.figures.models import Figure
    from hoptac.sources.models import Source
    from hoptac.sources.services import provenance_for

    figures_before = Figure.objects.count()
    response = admin_client.post(
        "/articles/new/", {"text": ARTICLE, "title": "Tin ký kết", "step": "save", "accept": ["agreements-0"]}
    )
    assert response.status_code == 302
    source = Source.objects.get(title__contains="Kon Tum và Sê Kông ký kết")
    new = Agreement.objects.get(signed_on="2025-03-15")
    assert sorted(p.place_id for p in new.parties.all()) == ["LA-XE", "VN-28"]
    assert Figure.objects.count() == figures_before
    link = provenance_for(new).get()
    assert link.source == source and source.text[link.start : link.end].startswith("Ngày 15/3/2025")
    page = admin_client.get(f"/agreements/{new.uid}/").content.decode()
    assert "<mark>Ngày 15/3/2025" in page


def test_nothing_ticked_or_nothing_pasted_says_what_to_do(admin_client: Any, demo: None) -> None:
    empty = admin_client.post("/articles/new/", {"text": "  ", "step": "read"}).content.decode()
    assert "Hãy dán nội dung bài báo" in empty
    none = admin_client.post("/articles/new/", {"text": ARTICLE, "step": "save"}).content.decode()
    assert "Hãy đánh dấu ít nhất một kết quả" in none


def test_upload_a_text_file(admin_client: Any, demo: None) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("tin.txt", ARTICLE.encode("utf-8"), content_type="text/plain")
    html = admin_client.post("/articles/new/", {"file": upload, "step": "read"}).content.decode()
    assert 'value="agreements-0"' in html
    bad = SimpleUploadedFile("tin.exe", b"MZ\x00", content_type="application/octet-stream")
    assert (
        ".txt, .html, .docx"
        in admin_client.post("/articles/new/", {"file": bad, "step": "read"}).content.decode()
    )
