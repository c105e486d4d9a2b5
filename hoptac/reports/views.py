"""The report download page: a form, and the file for ?agreement=<uid>&format=docx&from=…&to=…."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hoptac.agreements.models import Agreement
from hoptac.reports.fonts import FontMissing
from hoptac.reports.links import partner_codes, partner_names, suggested_reports
from hoptac.reports.render_html import render_html
from hoptac.reports.renderers import FORMATS, get_format
from hoptac.reports.selection import readable
from hoptac.reports.services import ReportOptions, build_report, parse_day

FIELDS = ("agreement", "partners", "from", "to", "format", "issuer", "parent", "number", "place", "date")
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
    """GET without a format shows the form; with a format (or POST) sends the report file."""
    data = request.POST if request.method == "POST" else request.GET
    values = {
        key: data.get(key, "") for key in (*FIELDS, *TEXT_FIELDS, "recipients", "difficulties", "proposals")
    }
    if not data.get("format"):
        values["partners"] = partner_names(values["partners"])
        return render(request, "reports/form.html", _form_context(request, values, {}))
    errors: dict[str, list[str]] = {}
    try:
        chosen = get_format(data["format"])
        partners = partner_codes(data.get("partners") or "")
        report = build_report(
            agreement=(data.get("agreement") or "").strip() or None,
            partners=partners or None,
            start=parse_day(data["from"], "from") if data.get("from") else None,
            end=parse_day(data["to"], "to", last=True) if data.get("to") else None,
            user=request.user,
            options=_options(data),
        )
        # The page served here links its stylesheet (no inline style under the CSP); files carry theirs.
        content = (
            render_html(report, standalone=False).encode() if chosen.name == "html" else chosen.render(report)
        )
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
