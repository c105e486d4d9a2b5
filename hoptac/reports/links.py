"""Addresses of the report form with its scope filled in: from an agreement, a partner, a review conference.

The form (reports/form.html) reads them back; an officer reviews the scope and makes the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from hoptac.accounts.permissions import home_place_code
from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement
from hoptac.agreements.status import in_status
from hoptac.core.dates import PartialDate
from hoptac.core.text import fold
from hoptac.core.validation import today
from hoptac.reports.selection import readable

SUGGESTED = 8


@dataclass(frozen=True)
class ReportLink:
    """A report ready to be made: what it covers, and the form's address with that scope."""

    label: str
    url: str


def _day(date: PartialDate | None) -> str:
    return date.display_vi() if date is not None and date.year is not None else ""


def _url(**params: str) -> str:
    return reverse("reports:report") + "?" + urlencode({k: v for k, v in params.items() if v})


def agreement_report_url(agreement: Agreement) -> str:
    """The form for one agreement, from its start (or signature) until today."""
    start = agreement.period_start or agreement.effective_on or agreement.signed_on
    return _url(agreement=str(agreement.uid), **{"from": _day(start), "to": _day(PartialDate.parse(today()))})


def partner_report_url(user: Any, code: str) -> str:
    """The form for the user's province and one partner, from their first agreement until today."""
    codes = [c for c in dict.fromkeys([home_place_code(user) or "", code]) if c]
    first = (
        readable(user, Agreement.objects.filter(parties__place_id=code))
        .exclude(period_start=None)
        .order_by("period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    return _url(partners=",".join(codes), **{"from": _day(first), "to": _day(PartialDate.parse(today()))})


def review_report_url(activity: Activity) -> str:
    """The form for a review conference: its parties, from the reviewed agreements' start to the conference."""
    codes = sorted(p.code for p in activity.parties.all())
    starts = [a.period_start for a in activity.agreements.all() if a.period_start is not None]
    first = min(starts, key=lambda d: d.isoformat()) if starts else None
    return _url(partners=",".join(codes), **{"from": _day(first), "to": _day(activity.date)})


def suggested_reports(user: Any) -> list[ReportLink]:
    """One-click scopes for the report form: the latest review conferences held, and the agreements in force."""
    links: list[ReportLink] = []
    reviews = (
        readable(user, Activity.objects.filter(kind="review_conference", status="held"))
        .prefetch_related("parties", "agreements")
        .order_by("-date")[:SUGGESTED]
    )
    for activity in reviews:
        # Our provinces first, then the partners, in alphabetical order whatever the diacritics.
        ordered = sorted(activity.parties.all(), key=lambda p: (p.country_code != "VN", fold(p.display_name)))
        names = ", ".join(p.display_name for p in ordered)
        label = _("Review conference of %(date)s: %(parties)s") % {
            "date": _day(activity.date),
            "parties": names,
        }
        links.append(ReportLink(label, review_report_url(activity) + "&format=html"))
    in_force = in_status(readable(user, Agreement.objects.all()), ["in_force"]).order_by("-period_start")
    in_force = in_force[:SUGGESTED]
    links += [ReportLink(a.title, agreement_report_url(a) + "&format=html") for a in in_force]
    return links


def partner_codes(text: str) -> list[str]:
    """The partners as typed in the form, names or codes, comma-separated ("Kon Tum, Sê Kông"), as codes."""
    from django.core.exceptions import ValidationError

    from hoptac.places.services import resolve_place

    codes = []
    for part in (text or "").split(","):
        if part.strip():
            try:
                codes.append(resolve_place(part.strip()).code)
            except ValidationError as exc:
                raise ValidationError({"partners": exc.messages}) from exc
    return codes


def partner_names(text: str) -> str:
    """The partners' codes of an address shown as the form shows them: "Kon Tum, Sê Kông"."""
    from hoptac.places.models import Place

    codes = [c.strip().upper() for c in (text or "").split(",") if c.strip()]
    names = dict(Place.objects.filter(pk__in=codes).values_list("code", "name_vi"))
    return ", ".join(names.get(code) or code for code in codes)
