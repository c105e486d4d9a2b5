"""Several articles and the imports, run by the worker as jobs: files kept for it, progress polled, every
problem listed, results linked, and the job seen by its owner only."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.web.tests.test_articles import ARTICLE, RENEWAL

pytestmark = pytest.mark.django_db

HEADER = ["kind", "title", "date", "place", "parties"]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def text_file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def sheet(name: str, rows: list[dict[str, str]]) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")


def meeting(**changes: str) -> dict[str, str]:
    return {
        "kind": "meeting",
        "title": "Hội đàm",
        "date": "2024-05-02",
        "place": "VN-28",
        "parties": "VN-28; LA-XE",
        **changes,
    }


def post_and_run(client: Any, capture: Any, url: str, data: dict[str, Any]) -> Any:
    """Post the page's form; the task runs once the request's transaction commits (immediate queue)."""
    from hoptac.tasks.models import Job

    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode().split("<h1>")[-1][:1500]
    job = Job.objects.latest("pk")
    assert response["Location"] == f"/jobs/{job.pk}/"
    return job


def test_several_articles_are_merged_by_the_worker_and_linked(
    admin_client: Any, demo: None, django_capture_on_commit_callbacks: Any, media: Path
) -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.sources.models import Source
    from hoptac.tasks.models import JobFile

    sources = Source.objects.count()
    files = [text_file("ky-ket.txt", ARTICLE), text_file("tham.txt", RENEWAL)]
    job = post_and_run(admin_client, django_capture_on_commit_callbacks, "/articles/many/", {"files": files})
    assert job.state == "done" and job.progress == 100, job.message
    assert Source.objects.count() == sources + 2
    new = Agreement.objects.get(signed_on="2025-03-15")
    page = admin_client.get(f"/jobs/{job.pk}/").content.decode()
    assert "ky-ket.txt" in page and "tham.txt" in page and f'href="/agreements/{new.uid}/"' in page
    assert "hx-get" not in page
    # The uploaded copies are gone once the worker is done with them.
    assert not JobFile.objects.exists() and not list((media / "jobs" / "in").iterdir())


def test_the_files_wait_for_the_worker_after_the_request(
    admin_client: Any, demo: None, django_capture_on_commit_callbacks: Any, media: Path
) -> None:
    from hoptac.tasks.models import Job, JobFile

    with django_capture_on_commit_callbacks(execute=False) as queued:
        admin_client.post("/articles/many/", {"files": [text_file("ky-ket.txt", ARTICLE)]})
    job = Job.objects.get()
    stored = JobFile.objects.get(job=job)
    assert job.state == "queued" and Path(stored.file.path).read_text(encoding="utf-8") == ARTICLE
    for callback in queued:  # the worker's turn
        callback()
    job.refresh_from_db()
    assert job.state == "done" and not Path(stored.file.path).exists()


def test_an_unreadable_article_stores_nothing_and_says_which(
    admin_client: Any, demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    from hoptac.sources.models import Source

    sources = Source.objects.count()
    files = [text_file("ky-ket.txt", ARTICLE), SimpleUploadedFile("hong.pdf", b"not a pdf at all")]
    job = post_and_run(admin_client, django_capture_on_commit_callbacks, "/articles/many/", {"files": files})
    assert job.state == "failed" and "hong.pdf" in job.message and "/tmp" not in job.message
    assert Source.objects.count() == sources
    assert "hong.pdf" in admin_client.get(f"/jobs/{job.pk}/").content.decode()


def test_the_page_refuses_wrong_files_before_queueing(admin_client: Any, demo: None) -> None:
    from hoptac.tasks.models import Job

    response = admin_client.post("/articles/many/", {"files": [SimpleUploadedFile("x.exe", b"MZ")]})
    assert response.status_code == 400 and "x.exe" in response.content.decode()
    assert admin_client.post("/articles/many/", {}).status_code == 400
    assert not Job.objects.exists()


def test_every_bad_row_of_an_import_is_listed(
    admin_client: Any, demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    from hoptac.activities.models import Activity

    before = Activity.objects.count()
    rows = [meeting(), meeting(kind="parade"), meeting(), meeting(date="soon", place="Atlantis")]
    job = post_and_run(
        admin_client, django_capture_on_commit_callbacks, "/import/", {"file": sheet("bad.csv", rows)}
    )
    assert job.state == "failed" and len(job.problems) == 3, (job.message, job.problems)
    page = admin_client.get(f"/jobs/{job.pk}/").content.decode()
    assert page.count("<li>") >= 3 and "parade" in page and "Atlantis" in page
    assert Activity.objects.count() == before


def test_an_import_is_done_with_a_link_to_the_activities(
    admin_client: Any, demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    from hoptac.activities.models import Activity

    before = Activity.objects.count()
    rows = [meeting(), meeting(title="Hội đàm lần hai", date="2024-06-03")]
    job = post_and_run(
        admin_client, django_capture_on_commit_callbacks, "/import/", {"file": sheet("ok.csv", rows)}
    )
    assert job.state == "done", (job.message, job.problems)
    assert Activity.objects.count() == before + 2
    assert 'href="/activities/"' in admin_client.get(f"/jobs/{job.pk}/").content.decode()


def test_a_registry_file_is_for_administrators_and_its_problems_are_listed(
    admin_client: Any, officer: Any, demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    from django.test import Client

    from hoptac.exchange import DEMO_FILE

    demo_file = SimpleUploadedFile("demo.json", DEMO_FILE.read_bytes(), content_type="application/json")
    client = Client()
    client.force_login(officer)
    refused = client.post("/import/", {"file": demo_file})
    assert refused.status_code == 400
    demo_file.seek(0)
    # Loaded again into a registry that holds it already: every clash is named, nothing written.
    job = post_and_run(admin_client, django_capture_on_commit_callbacks, "/import/", {"file": demo_file})
    assert job.state == "failed" and any("agreements" in p for p in [*job.problems, job.message])


def test_a_job_is_its_owners_only(
    admin_client: Any, officer: Any, demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    from django.test import Client

    job = post_and_run(
        admin_client,
        django_capture_on_commit_callbacks,
        "/articles/many/",
        {"files": [text_file("a.txt", ARTICLE)]},
    )
    client = Client()
    client.force_login(officer)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").status_code == 404


def test_progress_told_inside_the_works_transaction_reaches_the_page(
    admin_client: Any, admin_user: Any
) -> None:
    from hoptac.tasks import jobs
    from hoptac.tasks.models import Job

    job = jobs.start(admin_user, "import")
    with jobs.running(job.pk) as (running, step):
        step(40, "checking 9000 rows")
        # What another connection sees while the work's transaction is open: the row as it was.
        Job.objects.filter(pk=job.pk).update(progress=1, message="")
        part = admin_client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
        assert 'value="40"' in part and "checking 9000 rows" in part and 'hx-trigger="every 1s"' in part
        jobs.done(running, "ok", [])
