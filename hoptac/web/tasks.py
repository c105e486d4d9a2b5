"""Long work the pages hand to the worker: the ingest of several articles and the imports of a file.

Each runs as a job (hoptac.tasks.jobs, the mechanism reports use): the page shows its progress, then what
it made with links, or every problem of a refused file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from hoptac.tasks import jobs


@db_task()
def ingest_job(job_id: int) -> None:
    """Read and merge the job's uploaded articles, all or none, within its user's rights."""
    from hoptac.extraction.ingest import ingest_files
    from hoptac.web.articles import _saved

    with jobs.running(job_id, shown=(PermissionDenied,)) as (job, step), jobs.inputs(job) as files:
        merged = ingest_files([path for _name, path in files], job.user, step)
        results: list[dict[str, str]] = []
        for path, result in merged:
            if result.skipped:
                results.append({"text": _("%(name)s: already stored; nothing added") % {"name": path.name}})
                continue
            created, matched = sum(result.created.values()), sum(result.matched.values())
            line = _("%(name)s: %(created)s new records, %(matched)s already known") % {
                "name": path.name,
                "created": created,
                "matched": matched,
            }
            results.append({"text": line})
            results += [
                {"text": f"{item['kind']}: {item['title']}", "url": item["url"]} for item in _saved(result)
            ]
            results += [{"text": f"{path.name}: {note}"} for note in result.notes]
        summary = _("%(count)s articles read") % {"count": len(merged)}
        jobs.done(job, summary, results)


@db_task()
def import_job(job_id: int) -> None:
    """Import the job's uploaded file: activities from a sheet, or a registry file (administrators)."""
    with jobs.running(job_id, shown=(PermissionDenied,)) as (job, step), jobs.inputs(job) as files:
        ((_name, path),) = files
        if path.suffix.lower() == ".json":
            message, results = _import_registry(job.user, path, step)
        else:
            message, results = _import_sheet(job.user, path, step)
        jobs.done(job, message, results)


def _import_sheet(user: Any, path: Path, step: jobs.Step) -> tuple[str, list[dict[str, str]]]:
    from hoptac.imports.activities import import_activities

    result = import_activities(path, user=user, progress=step)
    message = _("%(rows)s activities imported from %(file)s") % {"rows": result.rows, "file": path.name}
    return message, [{"text": _("See the activities"), "url": reverse("web:activities")}]


def _import_registry(user: Any, path: Path, step: jobs.Step) -> tuple[str, list[dict[str, str]]]:
    from hoptac.core.permissions import is_administrator
    from hoptac.exchange.load import import_registry

    if not is_administrator(user):  # a registry file writes every kind of record, past anyone's rights
        raise PermissionDenied(_("Only an administrator may import a registry file."))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(
            _("%(file)s is not a JSON file (%(error)s); give a file written by `hoptac export`")
            % {"file": path.name, "error": exc}
        ) from None
    total = sum(len(v) for v in data.values() if isinstance(v, list)) if isinstance(data, dict) else 0
    seen = [0]

    def tick(section: str, count: int) -> None:
        seen[0] += count
        if total and (seen[0] % 50 == 0 or seen[0] == total):  # a write to the job every 50 records
            step(min(99, int(100 * seen[0] / total)), section)

    counts = import_registry(data, progress=tick)
    message = _("imported: %(counts)s") % {"counts": ", ".join(f"{n} {k}" for k, n in counts.items() if n)}
    return message, [{"text": _("See the agreements"), "url": reverse("web:agreements")}]
