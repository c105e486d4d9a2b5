"""/api/v1/agreements/ and /api/v1/fields/."""
# ruff: noqa: F811  (the demo fixture is imported, then named as a parameter)

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hoptac.agreements.models import Agreement
from hoptac.core.tests.test_api_common import API, demo  # noqa: F401  (fixture)

URL = f"{API}/agreements/"
pytestmark = pytest.mark.django_db


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def test_list_with_count_status_and_parties(admin_client: Client, demo: None) -> None:
    page = admin_client.get(URL).json()
    assert page["count"] == 7 and len(page["items"]) == 7
    statuses = {a["title"]: a["status"] for a in page["items"]}
    assert sum(s == "superseded" for s in statuses.values()) == 2
    renewed = next(a for a in page["items"] if "Champasak giai đoạn 2023-2027" in a["title"])
    assert renewed["predecessor"] is not None
    old = next(a for a in page["items"] if a["uid"] == renewed["predecessor"])
    assert old["successors"] == [renewed["uid"]] and old["status"] == "superseded"
    assert [p["place"] for p in renewed["parties"]] == ["VN-28", "LA-CH"]
    assert renewed["parties"][0]["place_name"] == "Kon Tum"


def test_list_query_count_does_not_grow_with_records(
    admin_client: Client, demo: None, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        page = admin_client.get(URL).json()
    assert len(page["items"]) == 7


def test_filters_and_diacritics_insensitive_search(admin_client: Client, demo: None) -> None:
    def titles(query: str) -> list[str]:
        response = admin_client.get(URL + query)
        assert response.status_code == 200, response.content
        return [a["title"] for a in response.json()["items"]]

    assert len(titles("?q=se kong")) == 2 and all("Sê Kông" in t for t in titles("?q=se%20kong"))
    assert titles("?q=SÊ KÔNG") == titles("?q=se kong")
    assert len(titles("?partner=la-ch")) == 3
    assert len(titles("?country=KH")) == 1
    assert len(titles("?status=superseded")) == 2
    assert len(titles("?status=superseded&status=in_force")) == len(titles("?status=superseded")) + len(
        titles("?status=in_force")
    )
    assert titles("?year=2016") == [
        "Bản ghi nhớ hợp tác giữa UBND tỉnh Kon Tum và Chính quyền tỉnh Champasak (2016)"
    ]
    assert len(titles("?partner=LA-CH&status=in_force")) == 2


def test_bad_filter_is_422_naming_it(admin_client: Client, demo: None) -> None:
    response = admin_client.get(URL + "?status=asleep")
    assert response.status_code == 422
    assert "status" in response.json()["detail"]
    assert "year" in admin_client.get(URL + "?year=soon").json()["detail"]


def test_pagination(admin_client: Client, demo: None) -> None:
    first = admin_client.get(URL + "?limit=3").json()
    rest = admin_client.get(URL + "?limit=3&offset=3").json()
    last = admin_client.get(URL + "?limit=3&offset=6").json()
    assert first["count"] == rest["count"] == last["count"] == 7
    uids = [a["uid"] for page in (first, rest, last) for a in page["items"]]
    assert len(uids) == len(set(uids)) == 7


def test_detail_has_planned_reviews(admin_client: Client, demo: None) -> None:
    xe = Agreement.objects.filter(folded__contains="se kong", period_start__isnull=False).get()
    response = admin_client.get(f"{URL}{xe.uid}")
    assert response.status_code == 200
    data = response.json()
    assert data["uid"] == str(xe.uid) and data["period_start"] == "2022" and data["period_end"] == "2027"
    assert isinstance(data["planned_reviews"], list)
    if xe.review_every_years:
        assert data["planned_reviews"] and {"year", "host", "final", "status", "held"} <= set(
            data["planned_reviews"][0]
        )


def test_unknown_uid_is_404(admin_client: Client) -> None:
    response = admin_client.get(f"{URL}00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert "00000000-0000-4000-8000-000000000000" in response.json()["detail"]
    assert admin_client.get(f"{URL}not-a-uid").status_code == 404


def test_create_then_read_back(admin_client: Client, agreement_data: dict[str, Any]) -> None:
    agreement_data["review_every_years"] = 2
    response = post(admin_client, URL, agreement_data)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] in ("in_force", "expired")
    assert data["fields"] == ["economy", "education_training"]
    assert data["parties"][0]["signatory_name"] == "Lê Ngọc Tuấn"
    assert [r["year"] for r in data["planned_reviews"]] == [2024, 2026]
    assert admin_client.get(f"{URL}{data['uid']}").json() == data
    assert Agreement.objects.get().history.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period_start": "2027", "period_end": "2022"}, "period_end"),
        ({"parties": [{"place": "VN-28"}, {"place": "ZZ-9"}]}, "parties[1].place"),
        ({"parties": [{"place": "VN-28"}, {"place": "vn-28"}]}, "parties[1].place"),
        ({"signed_on": "30/2/2022"}, "signed_on"),
        ({"fields": ["astrology"]}, "fields"),
        ({"title": None}, "title"),
        ({"parties": [{"body": "UBND"}, {"place": "LA-XE"}]}, "parties[0].place"),
        ({"review_every_years": "often"}, "review_every_years"),
    ],
)
def test_bad_input_is_422_with_field_paths(
    admin_client: Client, agreement_data: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    response = post(admin_client, URL, {**agreement_data, **change})
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert field in detail, detail
    assert all(isinstance(m, str) and m for m in detail[field])
    assert not Agreement.objects.exists()


def test_duplicate_agreement_is_422(admin_client: Client, agreement_data: dict[str, Any]) -> None:
    assert post(admin_client, URL, agreement_data).status_code == 201
    again = admin_client.post(URL, agreement_data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 422
    assert "duplicate" in again.json()["detail"]["parties"][0]
    assert Agreement.objects.count() == 1


def test_patch_changes_only_what_is_given(admin_client: Client, agreement: Agreement) -> None:
    response = admin_client.patch(
        f"{URL}{agreement.uid}", {"title_en": "Kon Tum – Sekong MOU"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title_en"] == "Kon Tum – Sekong MOU"
    assert data["title"] == agreement.title and len(data["parties"]) == 2
    assert data["fields"] == ["economy", "education_training"]
    bad = admin_client.patch(f"{URL}{agreement.uid}", {"period_end": "2020"}, content_type="application/json")
    assert bad.status_code == 422 and "period_end" in bad.json()["detail"]
    agreement.refresh_from_db()
    assert str(agreement.period_end) == "2027"


def test_put_replaces_everything(
    admin_client: Client, agreement: Agreement, agreement_data: dict[str, Any]
) -> None:
    replacement = {"title": "Thỏa thuận mới", "kind": "agreement", "parties": ["VN-28", "LA-AT"]}
    replacement["parties"] = [{"place": "VN-28"}, {"place": "LA-AT"}]
    response = admin_client.put(f"{URL}{agreement.uid}", replacement, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["kind"] == "agreement" and data["fields"] == [] and data["period_end"] is None
    assert [p["place"] for p in data["parties"]] == ["VN-28", "LA-AT"]
    missing = admin_client.put(f"{URL}{agreement.uid}", {"title": "x"}, content_type="application/json")
    assert missing.status_code == 422 and "parties" in missing.json()["detail"]


def test_delete(admin_client: Client, agreement: Agreement) -> None:
    assert admin_client.delete(f"{URL}{agreement.uid}").status_code == 204
    assert not Agreement.objects.exists()
    assert admin_client.delete(f"{URL}{agreement.uid}").status_code == 404


def test_permission_checks_are_applied(
    admin_client: Client, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hoptac.accounts.permissions as module
    import hoptac.core.api as core

    monkeypatch.setattr(module, "can_change", lambda *args, **kwargs: False)
    monkeypatch.setattr(module, "can_create", lambda *args, **kwargs: False)
    response = admin_client.patch(f"{URL}{agreement.uid}", {"title": "x"}, content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"]
    assert admin_client.delete(f"{URL}{agreement.uid}").status_code == 403
    assert post(admin_client, URL, {"title": "x", "parties": []}).status_code == 403
    monkeypatch.setattr(core, "visible", lambda user, qs: qs.none())
    assert admin_client.get(URL).json()["count"] == 0
    assert admin_client.get(f"{URL}{agreement.uid}").status_code == 404


def test_fields_vocabulary(admin_client: Client) -> None:
    fields = admin_client.get(f"{API}/fields/").json()
    codes = [f["code"] for f in fields]
    assert "economy" in codes and "education_training" in codes
    assert all(f["name_vi"] for f in fields)


def test_change_from_a_stale_version_is_409(admin_client: Client, agreement: Agreement) -> None:
    url = f"{API}/agreements/{agreement.uid}"
    version = admin_client.get(url).json()["updated_at"]
    first = admin_client.patch(url, {"notes": "A", "version": version}, content_type="application/json")
    assert first.status_code == 200, first.content
    stale = admin_client.patch(url, {"notes": "B", "version": version}, content_type="application/json")
    assert stale.status_code == 409
    assert "version" in stale.json()["detail"] and stale.json()["current_version"]
    agreement.refresh_from_db()
    assert agreement.notes == "A"
