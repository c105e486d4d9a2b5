"""Pages that hand long work to the worker: several articles at once, and the import of a file.

The files are checked here (count, type, size) and stored with the job; the worker does the reading,
merging or importing, and the job's page shows its progress, then what it made or every problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hoptac.core.permissions import is_administrator, require_create
from hoptac.tasks import jobs
from hoptac.web.articles import MAX_UPLOAD, SUFFIXES

MAX_FILES = 50
SHEETS = (".csv", ".xlsx")


def _check_articles(files: list[Any]) -> list[str]:
    if not files:
        return [_("Choose one or more files.")]
    if len(files) > MAX_FILES:
        return [_("At most %(count)s files at once.") % {"count": MAX_FILES}]
    errors = []
    for upload in files:
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            errors.append(_("%(name)s: give a .txt, .html, .docx or .pdf file.") % {"name": upload.name})
        elif not upload.size:
            errors.append(_("%(name)s: the file is empty.") % {"name": upload.name})
        elif upload.size > MAX_UPLOAD:
            errors.append(_("%(name)s: the file is larger than 10 MB.") % {"name": upload.name})
    return errors


def _queue(job_id: int, task: Any) -> None:
    # Queued once the job's row and its files are committed, so the worker finds them.
    transaction.on_commit(lambda: task(job_id))


@login_required
def ingest_many(request: HttpRequest) -> HttpResponse:
    """Several articles at once: read and merged by the worker (all or none), progress on the job's page."""
    from hoptac.sources.models import Source
    from hoptac.web.tasks import ingest_job

    require_create(request.user, Source)
    errors: list[str] = []
    if request.method == "POST":
        files = request.FILES.getlist("files")
        errors = _check_articles(files)
        if not errors:
            job = jobs.start(request.user, "ingest", files)
            _queue(job.pk, ingest_job)
            return redirect("tasks:job", pk=job.pk)
    context = {"errors": errors, "max_files": MAX_FILES, "nav": "search"}
    return render(request, "web/ingest_many.html", context, status=400 if errors else 200)


def _check_import(user: Any, upload: Any) -> list[str]:
    from hoptac.core.uploads import check_upload

    if upload is None:
        return [_("Choose a file.")]
    suffix = Path(upload.name).suffix.lower()
    if suffix == ".json":
        if not is_administrator(user):
            return [_("Only an administrator may import a registry file.")]
    elif suffix not in SHEETS:
        return [_("Give a .csv or .xlsx sheet of activities, or a .json registry file.")]
    try:
        if suffix == ".xlsx":
            check_upload(upload, allowed=frozenset({"xlsx"}))  # its declared sizes and ratios too
        elif not upload.size:
            return [_("%(name)s: the file is empty.") % {"name": upload.name}]
    except ValidationError as exc:
        return [f"{upload.name}: {message}" for message in jobs.problems_of(exc)]
    return []


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Import a sheet of activities (or, for administrators, a registry file) in the background; each
    row's rights are checked by the import itself, as on the activity form."""
    from hoptac.activities.models import Activity
    from hoptac.web.tasks import import_job

    require_create(request.user, Activity)  # as the activity form; each row's agreement is checked too
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        errors = _check_import(request.user, upload)
        if not errors:
            job = jobs.start(request.user, "import", [upload])
            _queue(job.pk, import_job)
            return redirect("tasks:job", pk=job.pk)
    context = {"errors": errors, "nav": "activities"}
    return render(request, "web/import.html", context, status=400 if errors else 200)
