"""A job's page: its progress bar (htmx polls it until the work is done), then its file."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hoptac.tasks.jobs import progress_of
from hoptac.tasks.models import Job


def _mine(request: HttpRequest, pk: int) -> Job:
    # Another user's job is as unknown as a missing one.
    job = Job.objects.filter(pk=pk, user_id=request.user.pk or 0).first()
    if job is None:
        raise Http404
    return job


def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's page; with HX-Request only its progress part, which htmx asks for again each second."""
    job = progress_of(_mine(request, pk))
    template = "tasks/_progress.html" if request.headers.get("HX-Request") else "tasks/job.html"
    return render(request, template, {"job": job})


def job_file(request: HttpRequest, pk: int) -> FileResponse:
    """The finished job's file."""
    job = _mine(request, pk)
    if job.state != Job.State.DONE or not job.result:
        raise Http404
    return FileResponse(
        job.result.open("rb"), as_attachment=True, filename=job.filename, content_type=job.content_type
    )
