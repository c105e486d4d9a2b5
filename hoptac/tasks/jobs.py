"""Jobs: long work a page hands to a worker, reporting its progress as it goes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hoptac.tasks.models import Job

log = logging.getLogger(__name__)

Step = Callable[[int, str], None]


def start(user: Any, kind: str) -> Job:
    """A new job of the user's, waiting for a worker (the caller queues the task that runs it)."""
    return Job.objects.create(user=user, kind=kind, language=translation.get_language() or "vi")


def _say(job: Job, **values: Any) -> None:
    # Written at once, outside any transaction the work holds, so the polling page sees it.
    Job.objects.filter(pk=job.pk).update(**values)
    for key, value in values.items():
        setattr(job, key, value)


@contextmanager
def running(job_id: int, shown: tuple[type[Exception], ...] = ()) -> Iterator[tuple[Job, Step]]:
    """Run a job: yields it and a step(percent, message) function; a failure is kept as its message
    (the text of a ValidationError or of the `shown` exceptions, which say what to fix)."""
    job = Job.objects.select_related("user").get(pk=job_id)
    _say(job, state=Job.State.RUNNING, progress=1)
    try:
        with translation.override(job.language):
            yield job, lambda percent, message: _say(job, progress=percent, message=message)
    except ValidationError as exc:
        _say(job, state=Job.State.FAILED, message="; ".join(exc.messages)[:1000], finished_at=timezone.now())
    except shown as exc:
        _say(job, state=Job.State.FAILED, message=str(exc)[:1000], finished_at=timezone.now())
    except Exception:  # kept in the log; the page says it failed, without the program's inner details
        log.exception("job %s failed", job.pk)
        message = _("The work failed on the server; try again, or tell the administrator.")
        _say(job, state=Job.State.FAILED, message=str(message), finished_at=timezone.now())


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
