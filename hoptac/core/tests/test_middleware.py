from typing import Any

import pytest
from django.test import Client

from hoptac.core.validation import Errors, text_field

pytestmark = pytest.mark.django_db


def test_nul_in_json_body_is_400_not_a_server_error(admin_client: Client) -> None:
    response = admin_client.post("/api/v1/people/", '{"name": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]["__all__"][0]


def test_nul_in_query_string_is_400(admin_client: Client) -> None:
    assert admin_client.get("/api/v1/agreements/?q=se%00kong").status_code == 400
    assert admin_client.get("/agreements/?q=se%00kong").status_code == 400


def test_uploads_may_hold_nul_bytes(admin_client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\x00\x00", content_type="application/pdf")
    response = admin_client.post("/articles/new/", {"file": upload})
    assert response.status_code != 400 or b"NUL" not in response.content


def test_services_refuse_nul_in_text() -> None:
    errors = Errors()
    assert text_field(errors, {"name": "a\x00b"}, "name") == "ab"
    assert "NUL" in errors.messages["name"][0]


def test_an_oversized_body_is_a_json_413_without_a_traceback(
    admin_client: Client, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"name": "' + "a" * 2000 + '"}'
    response = admin_client.post("/api/v1/people/", body, content_type="application/json")
    assert response.status_code == 413 and "MB" in response.json()["detail"]
    page = admin_client.post("/agreements/new/", {"title": "a" * 2000})
    assert page.status_code == 413 and page["Content-Type"].startswith("text/plain")
    assert not [r for r in caplog.records if r.exc_info]
