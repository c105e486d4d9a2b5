"""The derived status of agreements as one SQL expression, so lists, counts and filters stay in the database.

`services.agreement_status` is the rule for one agreement in Python; `status_expression` is the same
rule for a whole queryset, and a property test (tests/test_status.py) holds the two to the same
answer on random dates of every precision, on SQLite and PostgreSQL. Partial dates are ISO text, so
"its earliest day is on or before D" and "its latest day is before D" are text comparisons
(see core.filtersets); a date without a year ("--12-28") has no earliest or latest day and, as in
Python, never makes an agreement terminated, not yet in force, superseded or expired.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import Case, When
from django.db.models.functions import Coalesce

from hoptac.core.filtersets import ends_from, starts_by
from hoptac.core.validation import today

# The first known start of an agreement's period: when it entered into force, else its period, else its signing.
START_FIELDS = ("effective_on", "period_start", "signed_on")


def start_of() -> Coalesce:
    """SQL for the first known start of an agreement (the Python rule's `effective_on or period_start or signed_on`)."""
    return Coalesce(*START_FIELDS)


def _has_year(field: str) -> Q:
    return Q(**{f"{field}__isnull": False}) & ~Q(**{f"{field}__startswith": "--"})


def status_expression(on: dt.date | None = None) -> Case:
    """SQL CASE giving draft, signed, in_force, expired, superseded or terminated on the day (today by default).

    Needs the `_start` annotation (`start_of()`) on the queryset; `with_status` adds both.
    """
    from hoptac.agreements.models import Agreement

    day = on or today()
    started_successor = Agreement.objects.annotate(_s=start_of()).filter(
        starts_by("_s", day), predecessor=OuterRef("pk")
    )
    not_started = _has_year("_start") & ~starts_by("_start", day)
    ended = _has_year("period_end") & ~ends_from("period_end", day)
    return Case(
        When(_has_year("terminated_on") & starts_by("terminated_on", day), then=Value("terminated")),
        When(signed_on__isnull=True, then=Value("draft")),
        When(not_started, then=Value("signed")),
        When(Exists(started_successor), then=Value("superseded")),
        When(ended, then=Value("expired")),
        default=Value("in_force"),
        output_field=CharField(),
    )


def with_status(queryset: QuerySet[Any], on: dt.date | None = None) -> QuerySet[Any]:
    """The queryset with `derived_status` (the status on the day) worked out by the database."""
    return queryset.annotate(_start=start_of()).annotate(derived_status=status_expression(on))


def in_status(queryset: QuerySet[Any], statuses: Any, on: dt.date | None = None) -> QuerySet[Any]:
    """Keep the agreements whose status on the day is one of `statuses` (all of them when none are given)."""
    statuses = list(statuses or [])
    if not statuses:
        return queryset
    return with_status(queryset, on).filter(derived_status__in=statuses)


def ended_by(field: str, day: dt.date) -> Q:
    """The partial date in `field` has a year and its latest day is on or before `day`."""
    return _has_year(field) & ~ends_from(field, day + dt.timedelta(days=1))
