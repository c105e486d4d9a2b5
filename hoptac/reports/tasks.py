"""Reports made by a worker, for the page's "make it in the background" (progress shown while it works)."""

from __future__ import annotations

from typing import Any

from huey.contrib.djhuey import db_task

from hoptac.reports.fonts import FontMissing
from hoptac.reports.from_form import make_report
from hoptac.tasks import jobs


@db_task()
def report_job(job_id: int, data: dict[str, Any]) -> None:
    """Build and render a report for the job's user, saying how far it got."""
    with jobs.running(job_id, shown=(ValueError, FontMissing)) as (job, step):
        chosen, report, content = make_report(data, job.user, step)
        jobs.finish(job, content, f"{report.filename}.{chosen.name}", chosen.content_type)
