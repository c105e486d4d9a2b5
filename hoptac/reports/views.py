"""The report download page: a form, and the file for ?agreement=<uid>&format=docx&from=…&to=…."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hoptac.agreements.models import Agreement
from hoptac.reports.fonts import FontMissing
from hoptac.reports.from_form import FIELDS, TEXT_FIELDS, make_report
from hoptac.reports.links import partner_names, suggested_reports
from hoptac.reports.renderers import FORMATS, get_format
from hoptac.reports.selection import readable


def _form_context(
    request: HttpRequest, values: dict[str, str], errors: dict[str, list[str]]
) -> dict[str, Any]:
    agreements = readable(request.user, Agreement.objects.order_by("-period_start", "title"))
    return {
        "values": values,
        "formats": FORMATS,
        "errors": errors,
        "agreements": agreements.values_list("uid", "title"),
        "suggested": suggested_reports(request.user),
        "nav": "reports",
    }


@login_required
def report_view(request: HttpRequest) -> HttpResponse:
    """GET without a format shows the form; with a format (or POST) sends the report file, or with
    `background` hands the work to a worker and shows its progress."""
    data = request.POST if request.method == "POST" else request.GET
    values = {
        key: data.get(key, "") for key in (*FIELDS, *TEXT_FIELDS, "recipients", "difficulties", "proposals")
    }
    if not data.get("format"):
        values["partners"] = partner_names(values["partners"])
        return render(request, "reports/form.html", _form_context(request, values, {}))
    if request.method == "POST" and data.get("background"):
        from hoptac.reports.tasks import report_job
        from hoptac.tasks import jobs

        job = jobs.start(request.user, "report")
        payload = {key: data.get(key, "") for key in data if key != "csrfmiddlewaretoken"}
        # Queued once the job's row is committed, so the worker finds it.
        transaction.on_commit(lambda: report_job(job.pk, payload))
        return redirect("tasks:job", pk=job.pk)
    errors: dict[str, list[str]] = {}
    try:
        chosen, report, content = make_report(data, request.user, page=True)
    except ValueError as exc:
        errors = {"format": [str(exc)]}
    except ValidationError as exc:
        errors = exc.message_dict
    except FontMissing as exc:
        errors = {"format": [str(exc)]}
    if errors:
        return render(request, "reports/form.html", _form_context(request, values, errors), status=400)
    response = HttpResponse(content, content_type=chosen.content_type)
    disposition = "inline" if chosen.name == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{report.filename}.{chosen.name}"'
    return response


@login_required
def yearly_view(request: HttpRequest) -> HttpResponse:
    """The yearly report to the Ministry of Foreign Affairs: ?province=VN-28&year=2024&format=docx|xlsx."""
    from hoptac.reports.yearly import build_yearly_report

    if not request.GET.get("province"):
        return render(request, "reports/yearly.html", {"formats": ("docx", "xlsx", "pdf", "html")})
    try:
        chosen = get_format(request.GET.get("format") or "docx")
        year = int(request.GET.get("year") or 0)
        report = build_yearly_report(request.GET.get("province", ""), year, user=request.user)
    except (ValueError, ValidationError) as exc:
        return HttpResponse(
            " ".join(getattr(exc, "messages", [str(exc)])), status=400, content_type="text/plain"
        )
    response = HttpResponse(chosen.render(report), content_type=chosen.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-thoa-thuan-quoc-te-{year}.{chosen.name}"'
    )
    return response
