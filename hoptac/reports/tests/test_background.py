"""A report made in the background: the page shows its progress, then offers the file, to its owner only."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

QUERY = {"partners": "VN-28,LA-AT,LA-XE", "from": "2022-01-01", "to": "2024-12-31"}


@pytest.fixture
def chief(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser("chief", "chief@example.org", "a-long-password-1")


def test_a_report_in_the_background(
    demo: None, client: Any, chief: Any, django_capture_on_commit_callbacks: Any, settings: Any, tmp_path: Any
) -> None:
    from hoptac.tasks.models import Job

    settings.MEDIA_ROOT = tmp_path
    client.force_login(chief)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs at once in tests
        response = client.post("/reports/", {**QUERY, "format": "docx", "background": "1"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == "done" and job.progress == 100
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'value="100"' in page and f"/jobs/{job.pk}/file" in page and "hx-get" not in page
    document = Document(io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/file").streaming_content)))
    assert any("Attapeu" in p.text for p in document.paragraphs)


def test_a_running_job_is_polled_and_hidden_from_others(
    demo: None, client: Any, chief: Any, django_user_model: Any
) -> None:
    from hoptac.tasks import jobs

    job = jobs.start(chief, "report")
    client.force_login(chief)
    part = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in part and "<progress" in part and "<html" not in part
    assert client.get(f"/jobs/{job.pk}/file").status_code == 404  # not done yet
    other = django_user_model.objects.create_user("khac", "k@example.org", "a-long-password-1")
    client.force_login(other)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_a_failed_report_says_what_to_fix(demo: None, chief: Any) -> None:
    from hoptac.reports.tasks import report_job
    from hoptac.tasks import jobs

    job = jobs.start(chief, "report")
    report_job.call_local(job.pk, {**QUERY, "format": "odt"})
    job.refresh_from_db()
    assert job.state == "failed" and "odt" in job.message and "Traceback" not in job.message
