"""/api/v1/sources/ and provenance."""
# ruff: noqa: F811  (the demo fixture is imported, then named as a parameter)

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hoptac.agreements.models import Agreement
from hoptac.core.tests.test_api_common import API, demo  # noqa: F401  (fixture)
from hoptac.sources.models import Provenance, Source

URL = f"{API}/sources/"
pytestmark = pytest.mark.django_db
TEXT = "Ngày 12/12/2024, tỉnh Kon Tum tổ chức Hội nghị sơ kết với tỉnh Sê Kông."


def send(client: Client, method: str, url: str, data: Any) -> Any:
    return getattr(client, method)(url, data, content_type="application/json")


def test_list_search_and_query_count(
    admin_client: Client, demo: None, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(5):
        page = admin_client.get(URL).json()
    assert page["count"] == Source.objects.count() >= 5
    assert all("text" not in s and s["length"] >= 0 for s in page["items"])
    assert admin_client.get(URL + "?q=zzzz").json()["count"] == 0
    some = Source.objects.exclude(title="").first()
    assert some is not None
    # The first word of a title, in capitals and without its diacritics, still finds that source.
    from hoptac.core.text import fold

    word = fold(some.title).split()[0].upper()
    found = admin_client.get(URL, {"q": word}).json()["items"]
    assert str(some.uid) in {s["uid"] for s in found}


def test_provenance_of_a_record(admin_client: Client, demo: None) -> None:
    link = Provenance.objects.select_related("source").first()
    assert link is not None
    record = link.record
    response = admin_client.get(f"{URL}provenance/{record.uid}")
    assert response.status_code == 200
    spans = response.json()
    assert any(s["source"] == str(link.source.uid) and s["quote"] == link.quote for s in spans)
    assert admin_client.get(f"{URL}provenance/00000000-0000-4000-8000-000000000000").status_code == 404


def test_create_link_patch_delete(admin_client: Client, agreement: Agreement) -> None:
    data = {
        "title": "Kon Tum sơ kết",
        "url": "https://kontum.gov.vn/a",
        "published": "2024-12-13",
        "text": TEXT,
    }
    created = send(admin_client, "post", URL, data)
    assert created.status_code == 201, created.content
    uid = created.json()["uid"]
    assert created.json()["text"] == TEXT and created.json()["length"] == len(TEXT)
    start = TEXT.index("Hội nghị")
    link = send(
        admin_client,
        "post",
        f"{URL}{uid}/links",
        {"record": str(agreement.uid), "start": start, "end": start + 8},
    )
    assert link.status_code == 201, link.content
    assert link.json()["quote"] == "Hội nghị" and link.json()["record_type"] == "agreement"
    spans = admin_client.get(f"{URL}provenance/{agreement.uid}").json()
    assert [s["quote"] for s in spans] == ["Hội nghị"]
    bad_span = send(
        admin_client, "post", f"{URL}{uid}/links", {"record": str(agreement.uid), "start": 5, "end": 9999}
    )
    assert bad_span.status_code == 422 and "end" in bad_span.json()["detail"]
    assert send(admin_client, "patch", f"{URL}{uid}", {"title": "Sơ kết"}).json()["text"] == TEXT
    assert send(admin_client, "put", f"{URL}{uid}", {"title": "Sơ kết"}).json()["text"] == ""
    assert admin_client.delete(f"{URL}{uid}").status_code == 204
    assert not Provenance.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x", "url": "kontum dot gov"}, "url"),
        ({"title": "x", "published": "May"}, "published"),
    ],
)
def test_bad_source_is_422(admin_client: Client, data: dict[str, Any], field: str) -> None:
    response = send(admin_client, "post", URL, data)
    assert response.status_code == 422 and field in response.json()["detail"]
    assert not Source.objects.exists()


def test_same_text_twice_is_422(admin_client: Client) -> None:
    assert send(admin_client, "post", URL, {"title": "a", "text": TEXT}).status_code == 201
    again = admin_client.post(
        URL, {"title": "b", "text": TEXT}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert again.status_code == 422 and "duplicate" in again.json()["detail"]["text"][0]
