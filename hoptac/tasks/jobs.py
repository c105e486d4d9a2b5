"""Jobs: long work a page hands to a worker, reporting its progress as it goes.

A page calls `start` (with the uploaded files, kept in the media storage so the worker finds them after the
request has ended) and queues its task once the job's row is committed; the task runs inside `running`,
calls `step(percent, message)` as it goes, and ends with `finish` (a file) or `done` (results with links).
A failure is kept on the job: its message, and every problem of a refused file.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hoptac.tasks.models import Job, JobFile

log = logging.getLogger(__name__)

Step = Callable[[int, str], None]


def start(user: Any, kind: str, files: Iterable[Any] = ()) -> Job:
    """A new job of the user's, waiting for a worker, with its uploaded files stored (the caller queues
    the task that runs it, on commit)."""
    from hoptac.core.uploads import safe_filename

    job = Job.objects.create(user=user, kind=kind, language=translation.get_language() or "vi")
    for upload in files:
        name = safe_filename(upload.name)
        upload.seek(0)
        JobFile.objects.create(job=job, name=name, file=ContentFile(upload.read(), name=f"{job.pk}-{name}"))
    return job


@contextmanager
def inputs(job: Job) -> Iterator[list[tuple[str, Path]]]:
    """The job's uploaded files as local paths (copied out of the storage, which may be remote)."""
    with tempfile.TemporaryDirectory(prefix="hoptac-job-") as folder:
        paths = []
        for index, stored in enumerate(job.files.all()):
            path = Path(folder) / str(index) / stored.name
            path.parent.mkdir()
            with stored.file.open("rb") as source:
                path.write_bytes(source.read())
            paths.append((stored.name, path))
        yield paths


def _progress_key(job_id: int) -> str:
    return f"hoptac-job-progress-{job_id}"


def _say(job: Job, **values: Any) -> None:
    Job.objects.filter(pk=job.pk).update(**values)
    for key, value in values.items():
        setattr(job, key, value)


def _step(job: Job) -> Step:
    from huey.contrib.djhuey import HUEY

    def step(percent: int, message: str) -> None:
        # The work may hold a database transaction (an import is all or nothing), which would hide a
        # row update from the polling page until the end: the progress also goes to the queue's own
        # store (Redis, or the queue's SQLite file), which the page reads while the job runs.
        HUEY.put(_progress_key(job.pk), (int(percent), str(message)[:1000]))
        _say(job, progress=int(percent), message=str(message)[:1000])

    return step


def progress_of(job: Job) -> Job:
    """The job with the latest progress its worker told, for the page (not saved)."""
    if job.state == Job.State.RUNNING:
        from huey.contrib.djhuey import HUEY

        told = HUEY.get(_progress_key(job.pk), peek=True)
        if told is not None and told[0] >= job.progress:
            job.progress, job.message = told
    return job


def problems_of(exc: ValidationError) -> list[str]:
    """Every problem a refusal names: each bad row of an import, each field ("path: message") of a form."""
    if hasattr(exc, "problems"):
        return [str(p) for p in exc.problems]
    if hasattr(exc, "error_dict"):
        return [
            message if key == NON_FIELD_ERRORS else f"{key}: {message}"
            for key, messages in exc.message_dict.items()
            for message in messages
        ]
    return list(exc.messages)


def _failed(job: Job, message: str, problems: list[str] | None = None) -> None:
    _say(
        job,
        state=Job.State.FAILED,
        message=message[:1000],
        problems=problems or [],
        finished_at=timezone.now(),
    )


@contextmanager
def running(job_id: int, shown: tuple[type[Exception], ...] = ()) -> Iterator[tuple[Job, Step]]:
    """Run a job: yields it and a step(percent, message) function; a failure is kept as its message
    (the text of a ValidationError, every problem of it, or the text of the `shown` exceptions, which say
    what to fix). The uploaded files are deleted once the work is over, whatever its end."""
    job = Job.objects.select_related("user").get(pk=job_id)
    _say(job, state=Job.State.RUNNING, progress=1)
    try:
        with translation.override(job.language):
            try:
                yield job, _step(job)
            except ValidationError as exc:
                problems = problems_of(exc)
                if len(problems) == 1:
                    _failed(job, problems[0])
                else:
                    head = _("Nothing was changed: %(count)s problems; fix them and try again.")
                    _failed(job, head % {"count": len(problems)}, problems)
            except shown as exc:
                _failed(job, str(exc))
            except Exception:  # kept in the log; the page says it failed, without the program's inner details
                log.exception("job %s failed", job.pk)
                _failed(job, str(_("The work failed on the server; try again, or tell the administrator.")))
    finally:
        _forget(job)


def _forget(job: Job) -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.get(_progress_key(job.pk))  # taken out of the store
    for stored in job.files.all():
        stored.file.delete(save=False)
        stored.delete()


def finish(job: Job, content: bytes, filename: str, content_type: str) -> None:
    """Keep the job's file and mark it done."""
    job.result.save(f"{job.pk}-{filename}", ContentFile(content), save=False)
    _say(
        job,
        result=job.result.name,
        filename=filename,
        content_type=content_type,
        state=Job.State.DONE,
        progress=100,
        message="",
        finished_at=timezone.now(),
    )


def done(job: Job, message: str, results: list[dict[str, str]]) -> None:
    """Mark the job done with what it made: a summary and results ({"text", "url"}) the page links."""
    _say(
        job,
        state=Job.State.DONE,
        progress=100,
        message=message[:1000],
        results=results,
        finished_at=timezone.now(),
    )
