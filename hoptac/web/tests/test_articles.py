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


# Written for these tests: a visit, an earlier MOU and its renewal.
RENEWAL = """Đoàn Sê Kông thăm Kon Tum

Ngày 10/4/2025, đoàn đại biểu tỉnh Sê Kông (Lào) đã sang thăm và làm việc tại tỉnh Kon Tum.

Năm 2020, tỉnh Kon Tum và tỉnh Sê Kông đã ký kết Biên bản ghi nhớ về hợp tác.

Tiếp tục quan hệ đó, ngày 11/4/2025 hai tỉnh ký kết Bản ghi nhớ hợp tác giai đoạn 2025-2030.
"""


def review(client: Any, text: str = RENEWAL, **posted: Any) -> Any:
    return client.post("/articles/new/", {"text": text, "title": "Tin", **posted})


def test_each_candidate_shows_its_sentence_why_and_every_field(admin_client: Any) -> None:
    html = review(admin_client, step="read").content.decode()
    assert "<mark>Tiếp tục quan hệ đó, ngày 11/4/2025" in html
    assert "Biên bản ghi nhớ" in html.split('class="why')[1].split("</p>")[0]
    for name in (
        "agreements-1-start_year",
        "agreements-1-signed",
        "events-0-delegation_size",
        "events-0-head_of_delegation",
    ):
        assert f'name="{name}"' in html
    assert "disabled" not in html  # nothing ticked that cannot be unticked
    # The renewal the text states is chosen already; the officer may change it.
    assert '<option value="index:0" selected>' in html


def test_a_corrected_visit_is_saved_with_its_delegation_and_linked_after_saving(admin_client: Any) -> None:
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement
    from hoptac.people.models import Person

    response = review(
        admin_client,
        step="save",
        accept=["events-0", "agreements-0", "agreements-1"],
        **{
            "events-0-form": "1",
            "events-0-date": "9/4/2025",
            "events-0-delegation_size": "12",
            "events-0-head_of_delegation": "Leklai Vilay",
            "events-0-direction": "incoming",
            "agreements-1-form": "1",
            "agreements-1-end_year": "2029",
            "agreements-1-predecessor": "index:0",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/articles/saved/"
    visit = Activity.objects.get(kind="visit")
    assert (str(visit.date), visit.delegation_size, visit.direction) == ("2025-04-09", 12, "incoming")
    assert visit.head_of_delegation.name == "Leklai Vilay"
    later = Agreement.objects.get(period_end="2029")
    assert later.predecessor == Agreement.objects.get(signed_on="2020")
    assert not Person.objects.exclude(pk=visit.head_of_delegation.pk).exists()  # people were not ticked
    saved = admin_client.get("/articles/saved/").content.decode()
    assert f'href="/agreements/{later.uid}/"' in saved and f'href="/activities/{visit.uid}/"' in saved


def test_an_unreadable_correction_is_shown_beside_its_field_and_nothing_is_saved(admin_client: Any) -> None:
    from hoptac.sources.models import Source

    html = review(
        admin_client,
        step="save",
        accept=["agreements-1"],
        **{
            "agreements-1-form": "1",
            "agreements-1-signed": "31/31/2025",
            "agreements-1-predecessor": "index:0",
        },
    ).content.decode()
    assert 'id="agreements-1-signed_error"' in html and "31/31/2025" in html
    assert 'id="agreements-1-predecessor_error"' in html  # the earlier one was not ticked
    assert not Source.objects.exists()


def test_an_officer_may_not_change_another_provinces_agreement_by_pasting(
    client: Any, demo: None, officer: Any
) -> None:
    """Issue 19: a Kon Tum officer's article that names Huế's agreement leaves it as it was."""
    from hoptac.agreements.models import Agreement

    text = (
        "Huế và Chăm-pa-xắc sơ kết hợp tác\n\nTỉnh Thừa Thiên Huế và tỉnh Champasak (Lào) ký Thỏa thuận hợp tác"
        " giai đoạn 2022-2026. Định kỳ hai năm một lần, hai bên tổ chức họp sơ kết.\n"
    )
    versions = Agreement.objects.get(parties__place_id="VN-26").history.count()
    client.force_login(officer)
    assert 'value="agreements-0"' in review(client, text, step="read").content.decode()
    response = review(client, text, step="save", accept=["agreements-0"])
    assert response.status_code == 302
    hue = Agreement.objects.get(parties__place_id="VN-26")
    assert hue.review_every_years is None and hue.history.count() == versions
    saved = client.get("/articles/saved/").content.decode()
    assert "already known" in saved or "đã có" in saved
