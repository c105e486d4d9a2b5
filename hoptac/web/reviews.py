"""The reviews due a page lists, with their agreement rows and host places (the rule: `summaries.due`)."""

from __future__ import annotations

from hoptac.agreements.services import PlannedReview
from hoptac.places.models import Place
from hoptac.summaries.due import DueReview
from hoptac.web.queries import AgreementRow, ReviewDue


def review_rows(due: list[DueReview], by_id: dict[int, AgreementRow]) -> list[ReviewDue]:
    """The reviews a page lists with their agreement rows (read beforehand, by id) and host places."""
    places = Place.objects.in_bulk({d.host for d in due if d.host})
    return [
        ReviewDue(by_id[d.agreement_id], PlannedReview(d.year, d.host, d.final), places.get(d.host or ""))
        for d in due
        if d.agreement_id in by_id
    ]
