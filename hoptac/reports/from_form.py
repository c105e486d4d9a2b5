"""A report from the report form's values: shared by the page (at once) and the worker (in the background)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from hoptac.reports.from_round import build_round_report
from hoptac.reports.links import partner_codes
from hoptac.reports.render_html import render_html
from hoptac.reports.renderers import get_format
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


def make_report(
    data: Any, user: Any, step: Callable[[int, str], None] | None = None, page: bool = False
) -> tuple[Any, Any, bytes]:
    """The chosen format, the report and its file, from the form's values (raises on bad values);
    `step(percent, message)` hears how far it got; `page` links the HTML's stylesheet instead of carrying it."""
    say = step or (lambda _percent, _message: None)
    chosen = get_format(data["format"])
    say(10, _("Reading the registry"))
    partners = partner_codes(data.get("partners") or "")
    report = (
        build_round_report(data["round"], user=user, options=_options(data))
        if data.get("round")
        else build_report(
            agreement=(data.get("agreement") or "").strip() or None,
            partners=partners or None,
            start=parse_day(data["from"], "from") if data.get("from") else None,
            end=parse_day(data["to"], "to", last=True) if data.get("to") else None,
            user=user,
            options=_options(data),
        )
    )
    say(60, _("Writing the file"))
    if page and chosen.name == "html":
        # The page served here links its stylesheet (no inline style under the CSP); files carry theirs.
        return chosen, report, render_html(report, standalone=False).encode()
    return chosen, report, chosen.render(report)
