"""An agreement's commitments: the first ones on its page, all of them on a paged list, counted in SQL.

The busiest agreements hold a hundred commitments; reading and drawing every one (with its deliveries)
was half of the agreement page's time. The page shows the first AGREEMENT_PAGE_COMMITMENTS, says how
many there are and how many are behind schedule, and links to the list of all of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse

from hoptac.agreements.models import Agreement, Commitment
from hoptac.core.permissions import visible
from hoptac.core.validation import today
from hoptac.summaries.due import delivered_total, elapsed_share, maybe_behind
from hoptac.web.queries import CommitmentState, commitment_states

AGREEMENT_PAGE_COMMITMENTS = 25
COMMITMENTS_PER_PAGE = 50

# Meta.ordering, spelt out: the GROUP BY of the delivered sums used to drop it (so the order was the
# database's), and NULL starts go last on every database (SQLite would put them first).
ORDER = (F("period_start").asc(nulls_last=True), "id")


def of_agreement(user: Any, agreement: Agreement) -> QuerySet[Commitment]:
    """The agreement's commitments the user may see, without annotations (for counting)."""
    return visible(user, Commitment.objects.filter(agreement=agreement))


def listed(user: Any, agreement: Agreement) -> QuerySet[Commitment]:
    """The agreement's commitments in list order, with places and deliveries fetched (see `drawn`)."""
    return (
        of_agreement(user, agreement)
        .select_related("giver", "receiver")
        .prefetch_related("deliveries")
        .order_by(*ORDER)
    )


def drawn(commitments: list[Commitment]) -> list[Commitment]:
    """Ready the commitments for `_commitment_items.html`: delivered totals from the prefetched deliveries.

    The deliveries are drawn anyway; summed in SQL the totals took a GROUP BY over the commitments
    joined to their places and deliveries.
    """
    for c in commitments:
        c.delivered_total = sum((d.quantity for d in c.deliveries.all()), Decimal(0))  # type: ignore[attr-defined]
    return commitments


def behind_ids(user: Any, agreement: Agreement, on: dt.date | None = None) -> list[int]:
    """The ids of the agreement's commitments behind schedule on the day.

    SQL keeps only those that can be behind (`maybe_behind`: started, a quantity, not all delivered);
    the rule of `CommitmentState.behind` (delivered ÷ committed < share of the period elapsed) is
    applied to their values, as the dashboard does, without a model instance each.
    """
    day = on or today()
    candidates = maybe_behind(of_agreement(user, agreement).annotate(delivered_total=delivered_total()), day)
    fields = ("id", "quantity", "delivered_total", "period_start", "period_end", "due")
    values = candidates.order_by().values_list(*fields)
    return [
        pk
        for pk, quantity, total, start, end, due in values
        if (share := elapsed_share(start, end or due, day)) is not None and total / quantity < share
    ]


@dataclass
class CommitmentSection:
    """The commitments an agreement's page shows, how many there are and how many are behind schedule."""

    states: list[CommitmentState]
    total: int
    behind: int

    @property
    def capped(self) -> tuple[int, bool]:
        """The total as `_shown_of.html` takes it (never "more than": the count is exact)."""
        return self.total, False


def agreement_section(user: Any, agreement: Agreement, on: dt.date | None = None) -> CommitmentSection:
    """The first AGREEMENT_PAGE_COMMITMENTS commitments in full, and counts over all of them."""
    day = on or today()
    first = drawn(list(listed(user, agreement)[:AGREEMENT_PAGE_COMMITMENTS]))
    # Always counted (even when all are shown) so the page costs the same queries at every size.
    total = of_agreement(user, agreement).count()
    return CommitmentSection(commitment_states(first, day), total, len(behind_ids(user, agreement, day)))


def location(user: Any, commitment: Commitment) -> str | None:
    """Where a commitment is drawn: its agreement's page, or the page of the full list that holds it."""
    anchor = f"#commitment-{commitment.uid}"
    agreement = commitment.agreement
    ids = list(of_agreement(user, agreement).order_by(*ORDER).values_list("id", flat=True))
    if commitment.id not in ids:
        return None
    position = ids.index(commitment.id)
    if position < AGREEMENT_PAGE_COMMITMENTS:
        return reverse("web:agreement", args=[agreement.uid]) + anchor
    page = position // COMMITMENTS_PER_PAGE + 1
    return f"{reverse('web:agreement-commitments', args=[agreement.uid])}?page={page}{anchor}"
