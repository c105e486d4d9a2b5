"""The report download page: a form, and the file for ?agreement=<uid>&format=docx&from=…&to=…."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hoptac.reports.fonts import FontMissing
from hoptac.reports.from_round import build_round_report
from hoptac.reports.renderers import FORMATS, get_format
from hoptac.reports.services import ReportOptions, build_report, parse_day

FIELDS = (
    "round",
    "agreement",
    "partners",
    "from",
    "to",
    "format",
    "issuer",
    "parent",
    "number",
    "place",
    "date",
)
TEXT_FIELDS = ("on_behalf", "authority", "signer_title", "signer", "kind")


def _options(data: Any) -> ReportOptions:
    options = ReportOptions()
    for key in ("issuer", "parent", "number", "place", *TEXT_FIELDS):
        value = (data.get(key) or "").strip()
        if value:
            setattr(options, key, value)
    if data.get("date"):
        options.date = parse_day(data["date"], "date")
    recipients = (data.get("recipients") or "").strip()
    options.recipients = [line for line in recipients.splitlines() if line.strip()]
    options.difficulties = data.get("difficulties") or None
    options.proposals = data.get("proposals") or None
    return options


@login_required
def report_view(request: HttpRequest) -> HttpResponse:
    """GET without a format shows the form; with a format (or POST) sends the report file."""
    data = request.POST if request.method == "POST" else request.GET
    values = {
        key: data.get(key, "") for key in (*FIELDS, *TEXT_FIELDS, "recipients", "difficulties", "proposals")
    }
    if not data.get("format"):
        return render(request, "reports/form.html", {"values": values, "formats": FORMATS, "errors": {}})
    errors: dict[str, list[str]] = {}
    try:
        chosen = get_format(data["format"])
        partners = [p for p in (data.get("partners") or "").split(",") if p.strip()]
        report = (
            build_round_report(data["round"], user=request.user, options=_options(data))
            if data.get("round")
            else build_report(
                agreement=(data.get("agreement") or "").strip() or None,
                partners=partners or None,
                start=parse_day(data["from"], "from") if data.get("from") else None,
                end=parse_day(data["to"], "to", last=True) if data.get("to") else None,
                user=request.user,
                options=_options(data),
            )
        )
        content = chosen.render(report)
    except ValueError as exc:
        errors = {"format": [str(exc)]}
    except ValidationError as exc:
        errors = exc.message_dict
    except FontMissing as exc:
        errors = {"format": [str(exc)]}
    if errors:
        context = {"values": values, "formats": FORMATS, "errors": errors}
        return render(request, "reports/form.html", context, status=400)
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
