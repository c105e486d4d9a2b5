"""Forms call the services; a service error is shown next to the field it names; roles apply."""

from __future__ import annotations

import re
from typing import Any

import pytest

from hoptac.web.tests.conftest import agreement_uid
from hoptac.web.tests.test_pages import text_of

pytestmark = pytest.mark.django_db


def agreement_post(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Bản ghi nhớ hợp tác Kon Tum – Salavan giai đoạn 2026-2030",
        "title_en": "",
        "kind": "mou",
        "signed_on": "2026-02-03",
        "signed_place": "Kon Tum",
        "period_start": "2026",
        "period_end": "2030",
        "cooperation_fields": ["economy", "health"],
        "review_every_years": "2",
        "review_host_rotates": "on",
        "parties-0-place": "VN-28",
        "parties-0-body": "UBND tỉnh Kon Tum",
        "parties-0-signatory": "Y Ngọc",
        "parties-0-signatory_title": "Phó Chủ tịch UBND tỉnh",
        "parties-1-place": "Salavan",
        "parties-1-body": "Chính quyền tỉnh Salavan",
        "parties-2-place": "",
    }
    data.update(overrides)
    return data


def field_block(html: str, name: str) -> str:
    """The HTML of one form field's block (label, errors, input)."""
    match = re.search(
        rf'<div class="field[^"]*" data-field="{re.escape(name)}">(.*?)</div>\s*(?=<div class="field|</div>|<datalist|<p class="actions)',
        html,
        re.S,
    )
    assert match, f"no field {name}"
    return match.group(0)


def test_forms_need_sign_in(client: Any, demo: None) -> None:
    for url in ("/agreements/new/", "/activities/visit/", "/figures/new/", "/articles/new/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_agreement_with_parties(admin_client: Any, demo: None) -> None:
    from hoptac.agreements.models import Agreement

    form = admin_client.get("/agreements/new/")
    assert form.status_code == 200 and 'name="parties-0-place"' in form.content.decode()
    response = admin_client.post("/agreements/new/", agreement_post())
    assert response.status_code == 302
    agreement = Agreement.objects.get(title__contains="Salavan")
    assert response["Location"] == f"/agreements/{agreement.uid}/"
    assert [p.place_id for p in agreement.parties.all()] == ["VN-28", "LA-SL"]
    assert agreement.signed_place_id == "VN-28" and str(agreement.signed_on) == "2026-02-03"
    assert agreement.review_every_years == 2
    assert sorted(f.code for f in agreement.fields.all()) == ["economy", "health"]
    page = text_of(admin_client.get(response["Location"]))
    assert "Đã lưu" in page and "Y Ngọc" in page


def test_party_error_is_shown_next_to_that_party_row(admin_client: Any, demo: None) -> None:
    from hoptac.agreements.models import Agreement

    before = Agreement.objects.count()
    response = admin_client.post("/agreements/new/", agreement_post(**{"parties-1-place": "XX-99"}))
    assert response.status_code == 200
    assert Agreement.objects.count() == before
    html = response.content.decode()
    row = html.split('data-party="parties-1"', 1)[1].split('data-party="parties-2"', 1)[0]
    place = field_block(row, "parties-1-place")
    assert "has-error" in place and "XX-99" in place and "errorlist" in place
    assert "errorlist" not in html.split('data-party="parties-0"', 1)[1].split('data-party="parties-1"', 1)[0]
    assert 'value="XX-99"' in place  # what was typed is kept
    assert "Chưa lưu được" in html


def test_field_errors_shown_inline(admin_client: Any, demo: None) -> None:
    response = admin_client.post(
        "/agreements/new/", agreement_post(period_end="2020", review_every_years="mười")
    )
    html = response.content.decode()
    assert "has-error" in field_block(html, "period_end") and "2020" in field_block(html, "period_end")
    assert "has-error" in field_block(html, "review_every_years")
    assert "has-error" not in field_block(html, "title")


def test_too_few_parties_is_said_beside_the_parties(admin_client: Any, demo: None) -> None:
    response = admin_client.post(
        "/agreements/new/", agreement_post(**{"parties-1-place": "", "parties-1-body": ""})
    )
    html = response.content.decode()
    parties = html.split('id="h-parties"', 1)[1].split('id="party-rows"', 1)[0]
    assert "một thỏa thuận cần ít nhất hai bên" in parties


def test_added_party_rows_count_and_htmx_row(admin_client: Any, demo: None) -> None:
    row = admin_client.get("/agreements/party-row/?index=3", HTTP_HX_REQUEST="true").content.decode()
    assert 'name="parties-3-place"' in row and "index=4" in row and 'hx-swap-oob="true"' in row
    data = agreement_post(**{"parties-3-place": "KH-19", "parties-3-body": "Stung Treng"})
    response = admin_client.post("/agreements/new/", data)
    assert response.status_code == 302
    from hoptac.agreements.models import Agreement

    assert [p.place_id for p in Agreement.objects.get(title__contains="Salavan").parties.all()] == [
        "VN-28",
        "LA-SL",
        "KH-19",
    ]


def test_edit_agreement_keeps_history(admin_client: Any, demo: None) -> None:
    uid = agreement_uid("Stung Treng")
    form = admin_client.get(f"/agreements/{uid}/edit/").content.decode()
    assert 'value="28/12/2022"' in form and 'value="Stung Treng"' in form
    data = agreement_post(
        title="Bản ghi nhớ hợp tác Kon Tum – Stung Treng (sửa)",
        **{"parties-1-place": "KH-19", "parties-1-body": "Chính quyền tỉnh Stung Treng"},
    )
    response = admin_client.post(f"/agreements/{uid}/edit/", data)
    assert response.status_code == 302
    page = text_of(admin_client.get(f"/agreements/{uid}/"))
    history = page.split("Lịch sử thay đổi", 1)[1]
    assert "chuyenvien" in history and "sửa đổi" in history and "(sửa)" in history


def test_commitment_and_delivery_forms(admin_client: Any, demo: None) -> None:
    from hoptac.agreements.models import Agreement, Commitment

    uid = agreement_uid("Attapeu giai đoạn")
    bad = admin_client.post(
        f"/agreements/{uid}/commitments/new/",
        {"giver": "VN-28", "receiver": "VN-28", "quantity": "5", "unit": "teacher"},
    )
    assert "has-error" in field_block(bad.content.decode(), "receiver")
    response = admin_client.post(
        f"/agreements/{uid}/commitments/new/",
        {
            "giver": "VN-28",
            "receiver": "LA-AT",
            "quantity": "5",
            "unit": "teacher",
            "description": "5 giáo viên",
            "period_start": "2025",
            "period_end": "2027",
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(agreement=Agreement.objects.get(uid=uid))
    bad_delivery = admin_client.post(
        f"/commitments/{commitment.uid}/deliveries/new/", {"date": "", "quantity": "2"}
    )
    assert "has-error" in field_block(bad_delivery.content.decode(), "date")
    ok = admin_client.post(
        f"/commitments/{commitment.uid}/deliveries/new/",
        {"date": "2025-09", "quantity": "2,0", "evidence": "Báo cáo"},
    )
    assert ok.status_code == 302
    page = text_of(admin_client.get(f"/agreements/{uid}/"))
    assert "đã thực hiện 2/5 (40%)" in page


def test_record_a_visit_quickly(admin_client: Any, demo: None) -> None:
    from hoptac.activities.models import Activity

    form = admin_client.get("/activities/visit/").content.decode()
    assert 'name="date"' in form and 'name="partner"' in form
    response = admin_client.post(
        "/activities/visit/",
        {
            "date": "2026-03-10",
            "direction": "incoming",
            "province": "VN-28",
            "partner": "LA-XE",
            "agreement": agreement_uid("Sê Kông giai đoạn"),
            "head_of_delegation": "Leklai Sivilay",
            "delegation_size": "12",
            "title": "Đoàn Sê Kông thăm Kon Tum",
        },
    )
    assert response.status_code == 302
    visit = Activity.objects.get(title="Đoàn Sê Kông thăm Kon Tum")
    assert visit.kind == "visit" and visit.place_id == "VN-28" and visit.delegation_size == 12
    assert sorted(p.code for p in visit.parties.all()) == ["LA-XE", "VN-28"]
    assert visit.head_of_delegation is not None and visit.head_of_delegation.name == "Leklai Sivilay"
    assert "Đoàn Sê Kông thăm Kon Tum" in text_of(admin_client.get("/"))


def test_visit_form_errors_inline(admin_client: Any, demo: None) -> None:
    response = admin_client.post(
        "/activities/visit/",
        {
            "date": "31/02/2026",
            "direction": "incoming",
            "province": "VN-28",
            "partner": "LA-XE",
            "delegation_size": "nhiều",
        },
    )
    html = response.content.decode()
    date = field_block(html, "date")
    # 31 February does not exist; the message is in the page's language.
    assert "has-error" in date and "tháng 2 không có ngày 31" in date
    assert "has-error" in field_block(html, "delegation_size")


def test_activity_and_figure_forms(admin_client: Any, demo: None) -> None:
    from hoptac.figures.models import Figure

    uid = agreement_uid("Sê Kông giai đoạn")
    response = admin_client.post(
        "/activities/new/",
        {
            "kind": "meeting",
            "status": "planned",
            "title": "Hội đàm 2026",
            "date": "2026-06",
            "place": "Sê Kông",
            "parties": ["VN-28", "LA-XE"],
            "agreements": [uid],
        },
    )
    assert response.status_code == 302
    bad = admin_client.post("/figures/new/", {"metric": "trade_turnover", "value": "45,6", "unit": "đô la"})
    assert "has-error" in field_block(bad.content.decode(), "unit")
    ok = admin_client.post(
        "/figures/new/",
        {
            "metric": "trade_turnover",
            "value": "45600000",
            "unit": "USD",
            "scope": ["VN-28", "LA-XE"],
            "period_start": "2025",
            "agreement": uid,
        },
    )
    assert ok.status_code == 302 and ok["Location"] == f"/agreements/{uid}/"
    assert Figure.objects.get(agreement__uid=uid, metric="trade_turnover").value == 45600000
    assert "45,6 triệu USD" in text_of(admin_client.get(f"/agreements/{uid}/"))


def test_officer_may_change_only_their_province(client: Any, demo: None, officer: Any) -> None:
    client.force_login(officer)
    hue = agreement_uid("Thừa Thiên Huế")
    kon_tum = agreement_uid("Stung Treng")
    assert client.get(f"/agreements/{kon_tum}/edit/").status_code == 200
    assert client.get(f"/agreements/{hue}/edit/").status_code in (403, 404)
    assert "Huế" not in " ".join(
        re.findall(
            r'<a href="/agreements/[0-9a-f-]+/">([^<]+)</a>', client.get("/agreements/").content.decode()
        )
    )
