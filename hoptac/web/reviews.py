"""Reviews due across many agreements, read as plain values so a national registry costs milliseconds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, AgreementParty
from hoptac.agreements.services import PlannedReview, review_years
from hoptac.agreements.status import with_status
from hoptac.places.models import Place
from hoptac.web.queries import AgreementRow, ReviewDue


@dataclass(frozen=True)
class DueReview:
    """A review an agreement's rhythm calls for and no review conference has held, as plain values."""

    year: int
    title: str
    agreement_id: int
    uid: Any
    host: str | None
    final: bool


def due_reviews(agreements: QuerySet[Agreement], on: dt.date) -> list[DueReview]:
    """Reviews not yet held of the agreements in force or signed on the day, by year then title.

    Read as values in three queries (agreements, their parties in order, the years of their review
    conferences), so thousands of agreements cost milliseconds; `planned_reviews` is the same rule
    for one agreement read as records.
    """
    running = (
        with_status(agreements.filter(review_every_years__gt=0), on)
        .filter(derived_status__in=("in_force", "signed"))
        .order_by()
    )
    values = list(
        running.values_list(
            "id",
            "uid",
            "title",
            "effective_on",
            "period_start",
            "signed_on",
            "period_end",
            "review_every_years",
            "review_host_rotates",
            "signed_place_id",
        )
    )
    hosts: dict[int, list[str]] = {}
    parties = AgreementParty.objects.filter(agreement_id__in=running.values("id"))
    for agreement_id, place_id in parties.order_by("agreement_id", "position", "id").values_list(
        "agreement_id", "place_id"
    ):
        hosts.setdefault(agreement_id, []).append(place_id)
    conferences = Activity.agreements.through.objects.filter(
        agreement_id__in=running.values("id"), activity__kind="review_conference"
    ).exclude(activity__status="cancelled")
    held: set[tuple[int, int]] = set()
    for agreement_id, date in conferences.values_list("agreement_id", "activity__date"):
        if date is not None and date.year is not None:
            held.add((agreement_id, date.year))
    due = [
        DueReview(year, title, pk, uid, host, final)
        for pk, uid, title, effective, start, signed, end, every, rotates, signed_at in values
        for year, host, final in review_years(
            effective or start or signed, end, every, hosts.get(pk, []), signed_at, rotates
        )
        if (pk, year) not in held
    ]
    return sorted(due, key=lambda d: (d.year, d.title, d.agreement_id))


def review_rows(due: list[DueReview], by_id: dict[int, AgreementRow]) -> list[ReviewDue]:
    """The reviews a page lists with their agreement rows (read beforehand, by id) and host places."""
    places = Place.objects.in_bulk({d.host for d in due if d.host})
    return [
        ReviewDue(by_id[d.agreement_id], PlannedReview(d.year, d.host, d.final), places.get(d.host or ""))
        for d in due
        if d.agreement_id in by_id
    ]
