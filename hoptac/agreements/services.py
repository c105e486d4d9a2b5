"""Agreements: create, change, delete, with validation that names the field; derived status and reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hoptac.agreements.models import REVIEW_EVERY_YEARS, Agreement, AgreementParty, CooperationField
from hoptac.core.concurrency import checked
from hoptac.core.dates import PartialDate
from hoptac.core.rights import Rights, within
from hoptac.core.validation import (
    Errors,
    check_order,
    choice_field,
    date_field,
    record_value,
    text_field,
    today,
)
from hoptac.people.services import resolve_person
from hoptac.places.services import place_value

STATUSES = ("draft", "signed", "in_force", "expired", "superseded", "terminated")
_DATE_FIELDS = ("signed_on", "effective_on", "period_start", "period_end", "terminated_on")


def _parties(errors: Errors, rows: Any) -> list[dict[str, Any]]:
    if not isinstance(rows, list):
        errors.add("parties", _("must be a list of parties, each {place, body, signatory, signatory_title}"))
        return []
    clean: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        if isinstance(row, str):
            row = {"place": row}
        if not isinstance(row, Mapping):
            errors.add(f"parties[{i}]", _("must be an object with a place"))
            continue
        place = place_value(errors, f"parties[{i}].place", row.get("place"), required=True)
        if place is not None and any(p["place"].code == place.code for p in clean):
            errors.add(
                f"parties[{i}].place",
                _("%(code)s is listed twice: each party appears once") % {"code": place.code},
            )
            continue
        body = text_field(errors, row, "body", max_length=200)
        title = text_field(errors, row, "signatory_title", max_length=300)
        if place is not None:
            clean.append(
                {"place": place, "body": body, "signatory": row.get("signatory"), "signatory_title": title}
            )
    if len(clean) < 2 and not any(k.startswith("parties") for k in errors.messages):
        errors.add("parties", _("an agreement needs at least two parties"))
    return clean


def _fields(errors: Errors, codes: Any) -> list[CooperationField]:
    if codes is None:
        return []
    known = {f.code: f for f in CooperationField.objects.all()}
    if not isinstance(codes, list | tuple):
        errors.add("fields", _("must be a list of codes from: %(codes)s") % {"codes": ", ".join(known)})
        return []
    chosen = []
    for code in codes:
        field = known.get(str(getattr(code, "code", code)))
        if field is None:
            errors.add(
                "fields",
                _("'%(value)s' is not a field of cooperation: use %(codes)s")
                % {"value": code, "codes": ", ".join(known)},
            )
        elif field not in chosen:
            chosen.append(field)
    return chosen


def _predecessor(
    errors: Errors, value: Any, agreement: Agreement | None, rights: Rights | None
) -> Agreement | None:
    if value in (None, ""):
        return None
    found = record_value(errors, "predecessor", Agreement, value, within(rights, Agreement))
    if found is None:
        return None
    seen = {agreement.pk} if agreement and agreement.pk else set()
    step: Agreement | None = found
    while step is not None:
        if step.pk in seen:
            errors.add(
                "predecessor", _("this would make the agreement its own predecessor (a loop in the chain)")
            )
            return None
        seen.add(step.pk)
        step = step.predecessor
    return found


def _validate(
    data: Mapping[str, Any], agreement: Agreement | None, rights: Rights | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check the input; return (plain values, related values). Missing keys keep the current value on update."""
    errors = Errors()
    partial = agreement is not None
    values: dict[str, Any] = {}
    related: dict[str, Any] = {}

    def wanted(key: str) -> bool:
        return not partial or key in data

    if wanted("kind"):
        values["kind"] = choice_field(errors, data, "kind", Agreement.Kind.values, default="mou")
    if wanted("title"):
        values["title"] = text_field(errors, data, "title", required=True, max_length=500)
    for key in ("title_en", "notes"):
        if wanted(key):
            values[key] = text_field(errors, data, key, max_length=500 if key == "title_en" else None)
    for key in _DATE_FIELDS:
        if wanted(key):
            values[key] = date_field(errors, data, key)
    dates = {k: values.get(k, getattr(agreement, k, None)) for k in _DATE_FIELDS}
    signing = _("signing date")
    check_order(errors, dates["period_start"], dates["period_end"], "period_end", _("start of the period"))
    check_order(errors, dates["signed_on"], dates["effective_on"], "effective_on", signing)
    check_order(errors, dates["signed_on"], dates["terminated_on"], "terminated_on", signing)
    if wanted("signed_place"):
        values["signed_place"] = place_value(errors, "signed_place", data.get("signed_place"))
    if wanted("review_every_years"):
        every = data.get("review_every_years")
        if every in (None, ""):
            values["review_every_years"] = None
        elif (
            not isinstance(every, int)
            or isinstance(every, bool)
            or not REVIEW_EVERY_YEARS[0] <= every <= REVIEW_EVERY_YEARS[1]
        ):
            errors.add(
                "review_every_years",
                _("'%(value)s' is not a whole number of years from 1 to 10") % {"value": every},
            )
        else:
            values["review_every_years"] = every
    for key in ("review_host_rotates", "confidential"):
        if key in data:
            if not isinstance(data[key], bool):
                errors.add(key, _("must be true or false"))
            else:
                values[key] = data[key]
    if wanted("predecessor"):
        values["predecessor"] = _predecessor(errors, data.get("predecessor"), agreement, rights)
    if wanted("parties"):
        related["parties"] = _parties(errors, data.get("parties", []))
    if wanted("fields"):
        related["fields"] = _fields(errors, data.get("fields"))
    errors.raise_if_any()
    if "parties" in related:
        _check_duplicate(values, related["parties"], agreement)
    return values, related


def _check_duplicate(
    values: dict[str, Any], parties: list[dict[str, Any]], agreement: Agreement | None
) -> None:
    codes = sorted(p["place"].code for p in parties)
    candidates = Agreement.objects.filter(
        kind=values.get("kind", getattr(agreement, "kind", None)),
        period_start=values.get("period_start", getattr(agreement, "period_start", None)),
        period_end=values.get("period_end", getattr(agreement, "period_end", None)),
        signed_on=values.get("signed_on", getattr(agreement, "signed_on", None)),
    ).prefetch_related("parties")
    if agreement is not None:
        candidates = candidates.exclude(pk=agreement.pk)
    for other in candidates:
        if sorted(p.place_id for p in other.parties.all()) == codes:
            errors = Errors()
            errors.add(
                "parties",
                _(
                    "duplicate: '%(title)s' (%(uid)s) already joins %(codes)s with the same kind, "
                    "period and signing date; change that agreement instead"
                )
                % {"title": other.title, "uid": other.uid, "codes": ", ".join(codes)},
            )
            errors.raise_if_any()


def _save_related(agreement: Agreement, related: dict[str, Any]) -> None:
    if "parties" in related:
        agreement.parties.all().delete()
        for position, row in enumerate(related["parties"]):
            signatory = resolve_person(
                row["signatory"],
                field=f"parties[{position}].signatory",
                title=row["signatory_title"],
                place=row["place"],
            )
            AgreementParty.objects.create(
                agreement=agreement,
                place=row["place"],
                body=row["body"],
                signatory=signatory,
                signatory_title=row["signatory_title"],
                position=position,
            )
    if "fields" in related:
        agreement.fields.set(related["fields"])


@transaction.atomic
def create_agreement(
    data: Mapping[str, Any], *, uid: Any = None, rights: Rights | None = None, link_renewal: bool = False
) -> Agreement:
    """Create an agreement with its parties and fields; raises ValidationError naming each bad field."""
    if rights is not None:
        rights.require_create(Agreement)
    values, related = _validate(data, None, rights)
    agreement = Agreement(**values)
    if uid:
        agreement.uid = uid
    agreement.save()
    _save_related(agreement, related)
    if rights is not None:
        # Only now are its parties known: it must be an agreement of the user's provinces.
        rights.require_change(agreement)
    # Only a person's form asks for the chain to be guessed: an import keeps what it was given, and the news
    # reader offers its guesses for confirmation (extraction.renewals).
    if link_renewal and not data.get("predecessor"):
        link_same_parties(agreement, rights)
    return agreement


def _may_change(rights: Rights | None, agreement: Agreement) -> bool:
    if rights is None:
        return True
    try:
        rights.require_change(agreement)
    except PermissionDenied:
        return False
    return True


def _start_text(agreement: Agreement) -> str:
    start = agreement.effective_on or agreement.period_start or agreement.signed_on
    return start.isoformat() if start is not None and start.year is not None else ""


def link_same_parties(agreement: Agreement, rights: Rights | None = None) -> None:
    """Chain a new agreement to the one of the same kind and parties it follows (or precedes), when unlinked.

    Two MOUs of the same provinces are one the renewal of the other: without the link both would
    show "in force". Only a free slot is filled (no predecessor here, no successor there).
    """
    start = _start_text(agreement)
    parties = set(agreement.parties.values_list("place_id", flat=True))
    if not start or len(parties) < 2:
        return
    # With a user, only agreements they see are chained, and a later one only if they may change it.
    others = (
        within(rights, Agreement)
        .filter(kind=agreement.kind, parties__place_id__in=parties)
        .exclude(pk=agreement.pk)
        .distinct()
        .prefetch_related("parties", "successors")
    )
    same = [o for o in others if {p.place_id for p in o.parties.all()} == parties and _start_text(o)]
    earlier = [o for o in same if _start_text(o) < start and not o.successors.all()]
    later = [
        o for o in same if _start_text(o) > start and o.predecessor_id is None and _may_change(rights, o)
    ]
    if earlier and agreement.predecessor_id is None:
        agreement.predecessor = max(earlier, key=_start_text)
        agreement.save(update_fields=["predecessor"])
    if later and not agreement.successors.exists():
        follower = min(later, key=_start_text)
        follower.predecessor = agreement
        follower.save(update_fields=["predecessor"])


@transaction.atomic
def update_agreement(
    agreement: Agreement, data: Mapping[str, Any], *, rights: Rights | None = None
) -> Agreement:
    """Change the given keys of an agreement (parties and fields, when given, replace the old lists)."""
    if rights is not None:
        rights.require_change(agreement)
    data = checked(agreement, data)
    values, related = _validate(data, agreement, rights)
    for key, value in values.items():
        setattr(agreement, key, value)
    agreement.save()
    _save_related(agreement, related)
    if rights is not None:
        # A change of parties must leave the agreement in the user's provinces.
        rights.require_change(agreement)
    return agreement


@transaction.atomic
def delete_agreement(agreement: Agreement) -> None:
    """Delete an agreement with its parties, commitments and deliveries; successors lose the link."""
    agreement.delete()


def agreement_status(agreement: Agreement, on: dt.date | None = None) -> str:
    """Derived from the dates: draft, signed (not yet in force), in_force, expired, superseded, terminated."""
    on = on or today()
    terminated = agreement.terminated_on
    if terminated is not None and (terminated.earliest() or dt.date.max) <= on:
        return "terminated"
    if agreement.signed_on is None:
        return "draft"
    start = agreement.effective_on or agreement.period_start or agreement.signed_on
    if (start.earliest() or dt.date.min) > on:
        return "signed"
    if any(_started(s, on) for s in agreement.successors.all()):
        return "superseded"
    end = agreement.period_end
    if end is not None and (end.latest() or dt.date.max) < on:
        return "expired"
    return "in_force"


def _started(agreement: Agreement, on: dt.date) -> bool:
    start = agreement.effective_on or agreement.period_start or agreement.signed_on
    return start is not None and (start.earliest() or dt.date.max) <= on


@dataclass(frozen=True)
class PlannedReview:
    """A review the agreement's rhythm calls for: the year, whose turn it is to host, and what happened."""

    year: int
    host: str | None
    final: bool
    held: Any = None  # the review_conference Activity that took place that year, if any

    @property
    def status(self) -> str:
        if self.held is not None:
            return "held"
        return "overdue" if self.year < today().year else "due" if self.year == today().year else "planned"


def review_years(
    start: PartialDate | None,
    end: PartialDate | None,
    every: int | None,
    hosts: list[str],
    signed_at: str | None,
    rotates: bool,
) -> list[tuple[int, str | None, bool]]:
    """(year, host, final) of each review: every N years from the start, hosts rotating from the party that did not host the signing."""
    if not every or start is None or start.year is None:
        return []
    end_year = end.year if end is not None and end.year else None
    last = end_year if end_year is not None else start.year + 10
    offset = hosts.index(signed_at) + 1 if signed_at in hosts else 0
    return [
        (year, hosts[(offset + k) % len(hosts)] if hosts and rotates else None, year == end_year)
        for k, year in enumerate(range(start.year + every, last + 1, every))
    ]


def planned_reviews(agreement: Agreement) -> list[PlannedReview]:
    """The reviews every N years from the start of the agreement, hosts rotating among the parties."""
    start: PartialDate | None = agreement.effective_on or agreement.period_start or agreement.signed_on
    plan = review_years(
        start,
        agreement.period_end,
        agreement.review_every_years,
        [p.place_id for p in agreement.parties.all()],
        agreement.signed_place_id,
        agreement.review_host_rotates,
    )
    if not plan:
        return []
    held: dict[int, Any] = {}
    # Filtered in Python so that a prefetched `activities` serves a whole list of agreements.
    for activity in agreement.activities.all():
        if activity.kind != "review_conference" or activity.status == "cancelled":
            continue
        if activity.date is not None and activity.date.year is not None:
            held.setdefault(activity.date.year, activity)
    return [
        PlannedReview(year=year, host=host, final=final, held=held.get(year)) for year, host, final in plan
    ]
