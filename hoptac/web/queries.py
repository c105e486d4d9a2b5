"""Read-side queries for the pages: agreement rows with derived status, the dashboard, a place's page.

Each function takes the signed-in user and passes every queryset through `visible()`, so the
confidentiality rules apply to the pages as they do to the API. Querysets are prefetched so that
a page costs a fixed number of queries whatever the size of the registry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)
from django.utils.translation import gettext_lazy as _

from hoptac.activities.models import Activity
from hoptac.agreements.commitments import progress
from hoptac.agreements.models import Agreement, AgreementParty, Commitment
from hoptac.agreements.services import PlannedReview, agreement_status, planned_reviews
from hoptac.core.dates import PartialDate
from hoptac.core.permissions import sees_all, visible
from hoptac.core.text import fold
from hoptac.core.validation import today
from hoptac.figures.models import Figure
from hoptac.places.models import Place
from hoptac.summaries.due import elapsed_share, visible_commitments

STATUS_LABELS = {
    "draft": _("draft"),
    "signed": _("signed, not yet in force"),
    "in_force": _("in force"),
    "expired": _("expired"),
    "superseded": _("superseded"),
    "terminated": _("terminated"),
}
REVIEW_LABELS = {
    "held": _("held"),
    "overdue": _("overdue"),
    "due": _("due this year"),
    "planned": _("planned"),
}


# An agreement's parties in their order. AgreementParty's Meta.ordering starts with "agreement", which
# orders by the agreement's own ordering: every prefetch joined and sorted the whole agreements table.
PARTY_ORDER = ("position", "id")


def agreements_queryset(user: Any, *, with_activities: bool = False) -> QuerySet[Agreement]:
    """The agreements the user may see, with what the status and the list need already fetched."""
    parties = AgreementParty.objects.select_related("place", "signatory").order_by(*PARTY_ORDER)
    qs = visible(user, Agreement.objects.all()).prefetch_related(
        Prefetch("parties", queryset=parties),
        "successors",
        "fields",
    )
    if with_activities:
        qs = qs.prefetch_related(review_activities())
    return qs


def agreement_list_queryset(user: Any) -> QuerySet[Agreement]:
    """The agreements the user may see, with only what the list draws: parties' places, and the successors'
    dates the status reads (not the fields of cooperation, signatories, notes or search text)."""
    parties = AgreementParty.objects.select_related("place").order_by(*PARTY_ORDER)
    successors = Agreement.objects.only(*STATUS_FIELDS).order_by()
    return (
        visible(user, Agreement.objects.all())
        .defer("notes", "folded")
        .prefetch_related(Prefetch("parties", queryset=parties), Prefetch("successors", queryset=successors))
    )


# What `agreement_status` reads of a successor.
STATUS_FIELDS = ("id", "predecessor_id", "signed_on", "effective_on", "period_start")


def review_activities(ids: list[int] | None = None) -> Prefetch:
    """Only what `planned_reviews` reads (review conferences not cancelled; among `ids` when given)."""
    conferences = Activity.objects.filter(kind="review_conference").exclude(status="cancelled")
    if ids is not None:
        conferences = conferences.filter(id__in=ids)
    # The uid links a held review to its conference's page.
    return Prefetch("activities", queryset=conferences.only("id", "uid", "kind", "status", "date"))


@dataclass
class AgreementRow:
    """An agreement with its derived status and its parties, ready for a list."""

    agreement: Agreement
    status: str
    parties: list[AgreementParty]

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def start(self) -> PartialDate | None:
        a = self.agreement
        return a.effective_on or a.period_start or a.signed_on

    @property
    def foreign_parties(self) -> list[AgreementParty]:
        return [p for p in self.parties if p.place.country_code != "VN"]

    @property
    def vietnamese_parties(self) -> list[AgreementParty]:
        return [p for p in self.parties if p.place.country_code == "VN"]

    def active_in(self, year: int) -> bool:
        """Did the agreement run during this year (from its start to its end, or to now when open)?"""
        start, end = self.start, self.agreement.period_end or self.agreement.terminated_on
        if start is None or start.year is None or start.year > year:
            return False
        return end is None or end.year is None or end.year >= year


def rows(agreements: Any, on: dt.date | None = None) -> list[AgreementRow]:
    """Wrap prefetched agreements with their status."""
    day = on or today()
    return [AgreementRow(a, agreement_status(a, day), list(a.parties.all())) for a in agreements]


def matches(query: str, *texts: str | None) -> bool:
    """Does every word of the query occur in the texts, ignoring case and diacritics ("se kong" → Sê Kông)?"""
    words = fold(query).split()
    haystack = " ".join(fold(t or "") for t in texts)
    return all(w in haystack for w in words)


def agreement_texts(row: AgreementRow) -> list[str]:
    """What a search over agreements looks at: titles, notes, bodies, place names and codes."""
    a = row.agreement
    texts = [a.title, a.title_en, a.notes]
    for p in row.parties:
        texts += [
            p.body,
            p.place.name,
            p.place.name_vi,
            p.place.code,
            p.signatory.name if p.signatory else "",
        ]
    return texts


def filter_rows(
    agreement_rows: list[AgreementRow], *, q: str = "", status: str = "", year: int | None = None
) -> list[AgreementRow]:
    """The filters that need the derived status, the partial dates or folded text (done in Python)."""
    out = agreement_rows
    if q:
        out = [r for r in out if matches(q, *agreement_texts(r))]
    if status:
        out = [r for r in out if r.status == status]
    if year:
        out = [r for r in out if r.active_in(year)]
    return out


@dataclass
class CommitmentState:
    """A commitment with how much is delivered against how much of its period has gone by."""

    commitment: Commitment
    progress: Decimal | None
    elapsed: Decimal | None

    @property
    def behind(self) -> bool:
        return self.progress is not None and self.elapsed is not None and self.progress < self.elapsed


def commitment_states(commitments: Any, on: dt.date | None = None) -> list[CommitmentState]:
    """Progress and elapsed share for each commitment (annotate `delivered_total` to avoid a query each)."""
    day = on or today()
    return [
        CommitmentState(c, progress(c), elapsed_share(c.period_start, c.period_end or c.due, day))
        for c in commitments
    ]


def commitments_queryset(user: Any) -> QuerySet[Commitment]:
    """Commitments under agreements the user may see, with delivered totals and places fetched."""
    return visible_commitments(user).select_related("agreement", "giver", "receiver")


def activity_list_queryset(user: Any) -> QuerySet[Activity]:
    """Activities the user may see, with only what a list of them draws: host place and parties (the
    agreements that name untitled ones come from `name_untitled`, for those rows only)."""
    return (
        visible(user, Activity.objects.all())
        .defer("description", "folded")
        .select_related("place")
        .prefetch_related("parties")
    )


# The kinds an untitled activity is named after its agreement (`activities.titles.generated_title`).
NAMED_BY_AGREEMENT = ("review_conference", "signing")


def name_untitled(user: Any, activities: list[Activity]) -> None:
    """Fetch the agreements (id, uid, title) of the untitled activities named after them; no query when none.

    Fetched for every row, they cost a join of all agreements on each page of a list where nearly every
    activity has a title.
    """
    untitled = [a for a in activities if not a.title and a.kind in NAMED_BY_AGREEMENT]
    agreements = visible(user, Agreement.objects.only("id", "uid", "title")).order_by()
    prefetch_related_objects(untitled, Prefetch("agreements", queryset=agreements))


def activities_queryset(user: Any) -> QuerySet[Activity]:
    """Activities the user may see, with their places, people and agreements fetched."""
    return (
        visible(user, Activity.objects.all())
        .select_related("place", "head_of_delegation")
        .prefetch_related("parties", Prefetch("agreements", queryset=visible(user, Agreement.objects.all())))
    )


def figures_queryset(user: Any) -> QuerySet[Figure]:
    """Figures the user may see, with metric, scope, agreement and activity fetched."""
    return (
        visible(user, Figure.objects.all())
        .select_related("metric", "agreement", "activity")
        .prefetch_related("scope")
    )


@dataclass
class ReviewDue:
    """A planned review of an agreement, with the place whose turn it is to host."""

    row: AgreementRow
    review: PlannedReview
    host: Place | None

    @property
    def status_label(self) -> str:
        return str(REVIEW_LABELS.get(self.review.status, self.review.status))


def reviews_for(row: AgreementRow) -> list[ReviewDue]:
    """The agreement's planned reviews with the host place looked up among the parties."""
    places = {p.place_id: p.place for p in row.parties}
    return [
        ReviewDue(row, review, places.get(review.host) if review.host else None)
        for review in planned_reviews(row.agreement)
    ]


@dataclass
class TimelineBar:
    """An agreement drawn on a place's timeline, from its start year to its end (or today when open)."""

    row: AgreementRow
    label: str
    x: float
    width: float
    y: int
    open_ended: bool


def timeline(
    agreement_rows: list[AgreementRow], on: dt.date, width: float = 640.0, codes: Any = ()
) -> dict[str, Any]:
    """Geometry of a server-rendered timeline of agreements (years on the x axis), labelled by partner."""
    spans = []
    for r in agreement_rows:
        start = r.start
        if start is None or start.year is None:
            continue
        end_date = r.agreement.terminated_on or r.agreement.period_end
        end = end_date.year if end_date and end_date.year else None
        if end is None and r.status == "superseded":
            years = [
                s.signed_on.year for s in r.agreement.successors.all() if s.signed_on and s.signed_on.year
            ]
            end = min(years, default=None)
        spans.append((r, start.year, end))
    if not spans:
        return {"bars": [], "years": [], "height": 0, "width": width}
    first = min(s for _r, s, _e in spans)
    last = max([on.year] + [e for _r, _s, e in spans if e])
    years = list(range(first, last + 2))
    unit = width / max(1, len(years) - 1)

    def label(r: AgreementRow) -> str:
        others = [p.place.display_name for p in r.parties if p.place_id not in codes]
        return ", ".join(others) or r.agreement.get_kind_display()

    bars = [
        TimelineBar(
            r,
            label(r),
            (s - first) * unit,
            max(unit * 0.5, ((e or on.year) - s + 1) * unit),
            i * 30,
            e is None,
        )
        for i, (r, s, e) in enumerate(sorted(spans, key=lambda t: (t[1], t[0].agreement.title)))
    ]
    ticks = [{"year": y, "x": (y - first) * unit} for y in years]
    return {"bars": bars, "years": ticks, "height": 30 * len(bars), "width": width}


# Rows of each section of a place's or an agreement's page (newest first, with a count and a link to the
# full list): 25 reads at a glance and keeps a busy partner's page to one screen of HTML to render.
PLACE_SECTION_ROWS = 25


# Up to this many scope rows the ids are read and joined; past it the ordered EXISTS walk finds the first rows quickly.
QUIET_PLACE = 2_000


def party_places(user: Any) -> QuerySet[Place]:
    """Places that are party to at least one agreement (for filters and the places index)."""
    parties = AgreementParty.objects.all()
    if not sees_all(user, Agreement):  # all of them: no need to join the agreements
        parties = parties.filter(agreement__in=visible(user, Agreement.objects.all()))
    return Place.objects.filter(code__in=parties.values("place_id")).order_by("country_code", "name_vi")


# Past this many matches a list says "more than N" instead of counting a million rows on each page.
COUNT_CAP = 10_000


@dataclass
class Page:
    """One page of a long list: its records, its number, the (capped) total and links to its neighbours."""

    items: list[Any]
    number: int
    per_page: int
    total: int
    capped: bool
    query: str  # the other query parameters, to keep the filters on the neighbour links

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.per_page < self.total

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_shown(self) -> int:
        return (self.number - 1) * self.per_page + len(self.items)


def page_of(queryset: QuerySet[Any], params: Any, per_page: int) -> Page:
    """The page asked for by ?page= (1 when missing or bad), with a total counted up to COUNT_CAP."""
    try:
        number = max(1, min(int(params.get("page") or 1), COUNT_CAP))
    except ValueError:
        number = 1
    start = (number - 1) * per_page
    items = list(queryset[start : start + per_page])
    # Always one capped count, so a page costs the same queries whether it is full or not.
    total = queryset.order_by()[: COUNT_CAP + 1].count()
    others = params.copy()
    others.pop("page", None)
    return Page(items, number, per_page, min(total, COUNT_CAP), total > COUNT_CAP, others.urlencode())
