"""Every record type answers with its version (field and ETag) and refuses a change from a stale one
with 409, whether the version comes in the body or as If-Match (issue 19, finding 4)."""
# ruff: noqa: F811  (the demo fixture is imported, then named as a parameter)

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hoptac.core.tests.test_api_common import API, demo  # noqa: F401  (fixture)
from hoptac.exchange.load import to_uuid

pytestmark = pytest.mark.django_db

# Each record type: its URL in the API (from demo keys) and a change to make to it.
RECORDS = {
    "agreement": ("/agreements/{a-kt-xe-2022}", {"notes": "đã rà soát"}),
    "commitment": ("/commitments/{c-kt-xe-scholarships}", {"description": "học bổng"}),
    "delivery": ("/commitments/{c-kt-xe-scholarships}/deliveries/{d-kt-xe-2024}", {"evidence": "đã nhận"}),
    "activity": ("/activities/{e-review-2027}", {"title": "Hội nghị tổng kết"}),
    "figure": ("/figures/{f-delegations}", {"note": "theo báo cáo"}),
    "person": ("/people/{p-y-ngoc}", {"notes": "Phó Chủ tịch"}),
    "source": ("/sources/{s-review-2024}", {"title": "Hội nghị sơ kết"}),
}


def _url(template: str) -> str:
    path = template
    while "{" in path:
        key = path[path.index("{") + 1 : path.index("}")]
        path = path.replace("{" + key + "}", str(to_uuid(key)))
    return API + path


def _patch(client: Client, url: str, data: dict[str, Any], **headers: str) -> Any:
    return client.patch(url, data, content_type="application/json", headers=headers)


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_version_and_etag_then_409_for_a_stale_one(admin_client: Client, demo: None, kind: str) -> None:
    template, change = RECORDS[kind]
    url = _url(template)
    read = admin_client.get(url)
    assert read.status_code == 200, read.content
    version = read.json()["version"]
    assert version and read["ETag"] == f'"{version}"'
    first = _patch(admin_client, url, {**change, "version": version})
    assert first.status_code == 200, first.content
    assert first.json()["version"] != version and first["ETag"] == f'"{first.json()["version"]}"'
    stale = _patch(admin_client, url, {**change, "version": version})
    assert stale.status_code == 409 and stale.json()["current_version"], stale.content
    assert _patch(admin_client, url, change, **{"If-Match": f'"{version}"'}).status_code == 409
    assert admin_client.delete(url, headers={"If-Match": f'"{version}"'}).status_code == 409
    assert admin_client.get(url).status_code == 200
    current = admin_client.get(url)["ETag"]
    assert _patch(admin_client, url, change, **{"If-Match": current}).status_code == 200
