"""What a report covers: the agreements, activities, figures, commitments and reviews of a period.

Everything is read through `visible()`, so a report never shows what its reader may not see; the
command line without a user (the operator on the server) reads everything but confidential agreements.
The figures' totals and the activity counts are in hoptac.reports.totals.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, AgreementParty, Commitment
from hoptac.agreements.services import planned_reviews
from hoptac.core.dates import PartialDate
from hoptac.core.permissions import visible
from hoptac.core.validation import today
from hoptac.figures.models import Figure
from hoptac.places.models import Place
from hoptac.reports.totals import FigureTotal, figure_period, figure_scopes, total_figures


def readable(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """What the report's reader may see; user None is the operator: all but confidential agreements' records."""
    if user is not None:
        return visible(user, queryset)
    label = queryset.model._meta.label_lower
    if label == "agreements.agreement":
        return queryset.filter(confidential=False)
    if label == "agreements.commitment":
        return queryset.filter(agreement__confidential=False)
    if label == "activities.activity":
        return queryset.exclude(agreements__confidential=True)
    if label == "figures.figure":
        return queryset.exclude(agreement__confidential=True).exclude(activity__agreements__confidential=True)
    return queryset


def window_q(field_name: str, start: dt.date, end: dt.date) -> Q:
    """Rows whose partial date (ISO text) may fall in [start, end]: "2024" and "2024-12" count for 2024-12-12.

    ISO text sorts in time order, and a shorter date sorts before the longer ones it contains, so
    the latest day of d is on or after `start` exactly when d >= start or d is start's year or month.
    """
    first = start.isoformat()
    after_start = Q(**{f"{field_name}__gte": first}) | Q(**{f"{field_name}__in": [first[:4], first[:7]]})
    return after_start & Q(**{f"{field_name}__lte": end.isoformat()})


def overlaps(first: PartialDate | None, last: PartialDate | None, start: dt.date, end: dt.date) -> bool:
    """Does the period first..last (partial dates; last defaults to first) meet [start, end]?"""
    if first is None or first.year is None:
        return False
    last = last if last is not None and last.year is not None else first
    return (first.earliest() or dt.date.min) <= end and (last.latest() or dt.date.max) >= start


@dataclass
class Review:
    """A review conference of an agreement: the year, the host, and whether it was held."""

    agreement: Agreement
    year: int
    host: Place | None
    status: str  # held | planned | due | overdue
    activity: Activity | None = None


@dataclass
class Scope:
    """The records a report covers."""

    agreements: list[Agreement]
    partners: list[Place]
    start: dt.date
    end: dt.date
    activities: QuerySet[Activity]  # in scope and in the period
    figures: list[Figure]
    scopes: dict[int, tuple[str, ...]]  # figure pk → place codes
    totals: list[FigureTotal]
    commitments: list[Commitment]
    reviews: list[Review]

    @property
    def home(self) -> Place | None:
        """The Vietnamese party (the province that issues the report)."""
        return next((p for p in self.partners if p.country_code == "VN"), None)

    @property
    def foreign(self) -> list[Place]:
        """The partners other than the Vietnamese province."""
        return [p for p in self.partners if p.country_code != "VN"]


def _start_of(agreement: Agreement) -> PartialDate | None:
    return agreement.effective_on or agreement.period_start or agreement.signed_on


def _active(agreement: Agreement, start: dt.date, end: dt.date) -> bool:
    """Was the agreement in force (or being prepared) at some time in [start, end]?"""
    begins = _start_of(agreement)
    if begins is not None and begins.year is not None and (begins.earliest() or dt.date.min) > end:
        return False
    stops = [agreement.terminated_on, agreement.period_end]
    last = min(
        (d.latest() or dt.date.max for d in stops if d is not None and d.year is not None), default=None
    )
    for successor in agreement.successors.all():
        begun = _start_of(successor)
        if begun is not None and begun.year is not None:
            # The predecessor ends the day before its successor starts.
            day = (begun.earliest() or dt.date.max) - dt.timedelta(days=1)
            last = day if last is None else min(last, day)
    return last is None or last >= start


def _agreements(user: Any) -> QuerySet[Agreement]:
    parties = AgreementParty.objects.select_related("place").order_by("position", "id")
    # planned_reviews() reads agreement.activities.all(): prefetch the review conferences only.
    reviews = Activity.objects.filter(kind=Activity.Kind.REVIEW_CONFERENCE)
    return readable(user, Agreement.objects.all()).prefetch_related(
        Prefetch("parties", queryset=parties),
        "fields",
        "successors",
        Prefetch("activities", queryset=reviews),
    )


def _places(codes: Sequence[str]) -> list[Place]:
    from hoptac.places.services import resolve_place

    found: list[Place] = []
    unknown: list[str] = []
    for code in codes:
        try:
            place = resolve_place(code)
        except ValidationError:
            unknown.append(code)
            continue
        if place not in found:
            found.append(place)
    if unknown:
        raise ValidationError(
            {
                "partners": _(
                    "unknown place %(places)s: use ISO 3166-2 codes such as VN-28, LA-XE, "
                    "KH-19 or names such as 'Sê Kông'"
                )
                % {"places": ", ".join(unknown)}
            }
        )
    if len(found) < 2:
        raise ValidationError({"partners": _("give at least two partners, e.g. VN-28,LA-XE")})
    return found


def select_agreements(
    user: Any, agreement: str | None, partners: Sequence[str] | None, start: dt.date, end: dt.date
) -> tuple[list[Agreement], list[Place]]:
    """The agreements a report covers and its partners; a ValidationError naming the option when none fit."""
    if bool(agreement) == bool(partners):
        raise ValidationError(
            {"agreement": _("give either one agreement (its id) or the partners, not both")}
        )
    if agreement:
        try:
            key = uuid.UUID(str(agreement).strip())
        except ValueError:
            raise ValidationError(
                {
                    "agreement": _("'%(value)s' is not an agreement id (a UUID such as 3f2c…-…)")
                    % {"value": agreement}
                }
            ) from None
        found = _agreements(user).filter(uid=key).first()
        if found is None:
            raise ValidationError({"agreement": _("no agreement has the id %(id)s") % {"id": key}})
        return [found], [p.place for p in found.parties.all()]
    places = _places(list(partners or []))
    codes = {p.code for p in places}
    chosen = []
    for candidate in _agreements(user).filter(parties__place__in=codes).distinct():
        party_codes = {p.place_id for p in candidate.parties.all()}
        if len(party_codes) >= 2 and party_codes <= codes and _active(candidate, start, end):
            chosen.append(candidate)
    if not chosen:
        names = ", ".join(p.code for p in places)
        raise ValidationError(
            {
                "partners": _(
                    "no agreement between %(places)s was in force from %(start)s to %(end)s: check the partners"
                )
                % {"places": names, "start": start, "end": end}
            }
        )
    chosen.sort(key=lambda a: (str(_start_of(a) or ""), a.title))
    return chosen, places


def _scoped_activities(user: Any, agreements: list[Agreement], codes: set[str] | None) -> QuerySet[Activity]:
    """Activities under the agreements; with partners, also unlinked ones between two or more of them only."""
    linked = Activity.objects.filter(agreements__in=[a.pk for a in agreements]).values("pk")
    wanted = Q(pk__in=linked)
    if codes:
        others = Place.objects.exclude(code__in=codes).values("code")
        unlinked = (
            Activity.objects.filter(agreements__isnull=True)
            .exclude(parties__in=others)
            .annotate(n_parties=Count("parties"))
            .filter(n_parties__gte=2)
            .values("pk")
        )
        wanted |= Q(pk__in=unlinked)
    return readable(user, Activity.objects.filter(wanted))


def _figures(
    user: Any, agreements: list[Agreement], activities: QuerySet[Activity], start: dt.date, end: dt.date
) -> list[Figure]:
    # A figure of another agreement stays out even when it was reported at a shared activity.
    unlinked = Q(agreement__isnull=True, activity__in=activities.values("pk"))
    query = (
        readable(user, Figure.objects.filter(Q(agreement__in=agreements) | unlinked))
        .select_related("metric", "activity")
        .order_by("metric__position", "metric_id", "period_start", "id")
    )
    chosen = []
    for figure in query:
        first, last = figure_period(figure)
        # Undated figures of the agreements are kept (their period is unknown, not outside).
        if first is None or overlaps(first, last, start, end):
            chosen.append(figure)
    return chosen


def _commitments(user: Any, agreements: list[Agreement], start: dt.date, end: dt.date) -> list[Commitment]:
    # Coalesce: a commitment with no delivery gets 0, not None (which would make delivered() query again).
    delivered_by_end = Coalesce(
        Sum("deliveries__quantity", filter=Q(deliveries__date__lte=end.isoformat())),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=20, decimal_places=2),
    )
    query = (
        readable(user, Commitment.objects.filter(agreement__in=agreements))
        .select_related("agreement", "giver", "receiver")
        .annotate(delivered_total=delivered_by_end)
        .order_by("agreement__title", "period_start", "id")
    )
    return [c for c in query if c.period_start is None or overlaps(c.period_start, c.period_end, start, end)]


def _reviews(user: Any, agreements: list[Agreement]) -> list[Review]:
    """Reviews by each agreement's rhythm (planned_reviews) and the review conferences recorded for it."""
    through = Activity.agreements.through
    links = through.objects.filter(
        agreement_id__in=[a.pk for a in agreements],
        activity__kind=Activity.Kind.REVIEW_CONFERENCE,
        activity__in=readable(user, Activity.objects.exclude(status=Activity.Status.CANCELLED)),
    ).select_related("activity__place")
    recorded: dict[int, list[Activity]] = defaultdict(list)
    for link in links:
        recorded[link.agreement_id].append(link.activity)
    places = {
        p.code: p for p in Place.objects.filter(code__in={c for a in agreements for c in _party_codes(a)})
    }
    this_year = today().year
    reviews: list[Review] = []
    for agreement in agreements:
        rows: dict[int, Review] = {}
        for activity in sorted(recorded[agreement.pk], key=lambda a: str(a.date or "")):
            if activity.date is None or activity.date.year is None or activity.date.year in rows:
                continue
            year = activity.date.year
            held = activity.status == Activity.Status.HELD
            status = "held" if held else "overdue" if year < this_year else "planned"
            rows[year] = Review(agreement, year, activity.place, status, activity)
        if agreement.review_every_years:
            for planned in planned_reviews(agreement):
                if planned.year not in rows:
                    host = places.get(planned.host) if planned.host else None
                    rows[planned.year] = Review(agreement, planned.year, host, planned.status, planned.held)
        reviews.extend(rows[year] for year in sorted(rows))
    return reviews


def _party_codes(agreement: Agreement) -> list[str]:
    return [p.place_id for p in agreement.parties.all()]


def collect(
    user: Any, agreement: str | None, partners: Sequence[str] | None, start: dt.date, end: dt.date
) -> Scope:
    """Everything a report on these agreements or partners for [start, end] needs."""
    agreements, places = select_agreements(user, agreement, partners, start, end)
    codes = {p.code for p in places} if partners else None
    scoped = _scoped_activities(user, agreements, codes)
    in_period = scoped.filter(window_q("date", start, end))
    figures = _figures(user, agreements, scoped, start, end)
    scopes = figure_scopes(figures)
    return Scope(
        agreements=agreements,
        partners=sorted(places, key=lambda p: (p.country_code != "VN", p.code)),
        start=start,
        end=end,
        activities=in_period,
        figures=figures,
        scopes=scopes,
        totals=total_figures(figures, scopes),
        commitments=_commitments(user, agreements, start, end),
        reviews=_reviews(user, agreements),
    )
