"""Merging one extracted article's records into the registry, each tied to the article as its source.

Matches an existing record where there is one (hoptac.extraction.matching), fills what the registry
lacks, and records a disagreement as a Conflict rather than overwriting the registry's value. An
agreement the article presents as renewing an earlier one becomes its successor
(hoptac.extraction.renewals). When a user pastes the article, every record the merge would create
or change is checked against what that user may change; what they may not is left alone and said.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .matching import (
    agreement_for,
    agreements_in_effect,
    find_activity,
    find_agreement,
    place_codes,
    prefix_compatible,
    year_of,
)
from .renewals import find_renewals, renew, signing_date

# Activity fields the reader does not find but an officer may give on the review page.
ACTIVITY_EXTRAS = ("title", "description", "direction", "delegation_size", "head_of_delegation", "end_date")
KINDS = {
    "mou": "Bản ghi nhớ hợp tác",
    "agreement": "Thỏa thuận hợp tác",
    "programme": "Chương trình hợp tác",
    "other": "Văn bản hợp tác",
}


@dataclass
class IngestResult:
    """What one article changed: records created and matched, conflicts found, records it could not use."""

    source: Any
    skipped: bool = False
    created: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    notes: list[str] = field(default_factory=list)
    # Every record the article created or matched, in the order merged (for links after saving).
    records: list[tuple[models.Model, bool]] = field(default_factory=list)


def _name(code: str) -> str:
    from hoptac.places.gazetteer import place_names

    return place_names().get(code, code)


class Merger:
    """Merges one article's records into the registry and counts in its IngestResult what it did."""

    def __init__(
        self, source: Any, record: Mapping[str, Any], result: IngestResult, user: Any = None
    ) -> None:
        self.source, self.record, self.result, self.user = source, record, result, user
        self.localities = {p["name"]: p.get("locality") for p in record.get("people", [])}
        self.agreements: list[Any] = []

    def may_change(self, target: models.Model, say: bool = True) -> bool:
        """May the user who pasted the article change this registered record (a command always may)?"""
        from hoptac.core.permissions import can_change

        if self.user is None or can_change(self.user, target):
            return True
        if say:
            self.result.notes.append(
                _("%(record)s: left unchanged; it belongs to a province you do not edit") % {"record": target}
            )
        return False

    def create(self, what: str, make: Callable[[], Any]) -> Any:
        """Create a record through its service, undone (and said) when invalid or outside the user's rights."""
        try:
            with transaction.atomic():
                made = make()
                if not self.may_change(made, say=False):
                    raise PermissionDenied
        except ValidationError as exc:
            self.result.notes.append(
                _("%(what)s: not recorded (%(why)s)") % {"what": what, "why": "; ".join(exc.messages)}
            )
            return None
        except PermissionDenied:
            self.result.notes.append(
                _("%(what)s: not recorded; it belongs to a province you do not edit") % {"what": what}
            )
            return None
        self.result.records.append((made, True))
        return made

    def changeable(self, agreements: Sequence[Any]) -> list[Any]:
        """The agreements the user may link new records to."""
        return [a for a in agreements if self.may_change(a, say=False)]

    def link(self, target: models.Model, evidence: Mapping[str, Any] | None) -> None:
        from hoptac.sources.services import link_source

        start, end = (evidence or {}).get("start"), (evidence or {}).get("end")
        if not isinstance(start, int) or not isinstance(end, int) or start >= end:
            start = end = None
        link_source(target, self.source, start, end)

    def conflict(self, target: models.Model, name: str, kept: Any, given: Any) -> None:
        from django.contrib.contenttypes.models import ContentType

        from hoptac.sources.models import Conflict

        _, made = Conflict.objects.get_or_create(
            source=self.source,
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            field=name,
            source_value=str(given),
            defaults={"kept_value": str(kept)},
        )
        self.result.conflicts += int(made)

    def merge_values(self, target: models.Model, given: Mapping[str, Any], update: Any) -> None:
        """Fill what the registry lacks, make a date more precise, and record any disagreement."""
        changes: dict[str, Any] = {}
        for name, value in given.items():
            if value is None:
                continue
            current = getattr(
                target, getattr(target._meta.get_field(name), "attname", name)
            )  # a place: its code
            current_text = None if current is None else str(current)
            if current_text is None:
                changes[name] = value
            elif (
                isinstance(value, str)
                and name.endswith(("_on", "date"))
                and prefix_compatible(current_text, value)
            ):
                if len(value) > len(current_text):
                    changes[name] = value
            elif current_text != str(value):
                self.conflict(target, name, current_text, value)
        if changes:
            try:
                with transaction.atomic():
                    update(target, changes)
            except ValidationError as exc:
                self.result.notes.append(
                    _("%(record)s: not changed (%(why)s)")
                    % {"record": target, "why": "; ".join(exc.messages)}
                )

    def run(self) -> None:
        from hoptac.agreements.models import Agreement
        from hoptac.core.permissions import visible

        self.people()
        # Read before this article's agreements are stored, among the agreements the user may see.
        among = None if self.user is None else visible(self.user, Agreement.objects.all())
        renewals = find_renewals(self.record, among)
        agreements = self.agreements = [self.agreement(a) for a in self.record.get("agreements", [])]
        for i, data in enumerate(self.record.get("agreements", [])):
            renew(self, i, data, renewals.get(i))
        for commitment in self.record.get("commitments", []):
            self.commitment(commitment)
        held = [self.event(e) for e in self.record.get("events", [])]
        reviews = [a for a in held if a is not None and a.kind == "review_conference" and a.status == "held"]
        for figure in self.record.get("figures", []):
            self.figure(figure, reviews[0] if len(reviews) == 1 else None, [a for a in agreements if a])

    def people(self) -> None:
        from hoptac.people.services import find_or_create_person

        for person in self.record.get("people", []):
            titles = person.get("titles") or [""]
            made = None
            for title in titles:
                made = find_or_create_person(person["name"], title, person.get("locality") or None)
            if made is not None:
                self.link(made, person.get("evidence"))

    def agreement(self, data: Mapping[str, Any]) -> Any:
        from hoptac.agreements import services

        parties = sorted(data.get("parties") or [])
        start, end = data.get("start_year"), data.get("end_year")
        found = find_agreement(parties, start, end, year_of(data.get("signed")))
        given = {
            "kind": data.get("kind"),
            "signed_on": data.get("signed"),
            "effective_on": data.get("effective_from"),
            "review_every_years": data.get("review_every_years"),
        }
        if found is None:
            signatories = {
                self.localities.get(n): n for n in data.get("signatories", []) if self.localities.get(n)
            }
            period = f" giai đoạn {start}-{end}" if start and end else ""
            # The Vietnamese side first, as officers write it.
            names = " và ".join(_name(c) for c in sorted(parties, key=lambda c: (not c.startswith("VN"), c)))
            title = f"{KINDS.get(data.get('kind') or 'other', KINDS['other'])} giữa {names}{period}"
            values = {
                **{k: v for k, v in given.items() if v is not None},
                "title": data.get("title") or title,
                "period_start": str(start) if start else None,
                "period_end": str(end) if end else None,
                "fields": data.get("fields") or [],
                "parties": [
                    {
                        "place": c,
                        "body": ("UBND tỉnh " if c.startswith("VN-") else "Chính quyền tỉnh ") + _name(c),
                        "signatory": signatories.get(c),
                    }
                    for c in parties
                ],
            }
            found = self.create(
                _("agreement %(parties)s") % {"parties": " – ".join(parties)},
                lambda: services.create_agreement(values),
            )
            if found is None:
                return None
            self.result.created["agreements"] += 1
        else:
            self.result.matched["agreements"] += 1
            self.result.records.append((found, False))
            if not self.may_change(found):
                return found  # still named by the article's other records, but neither changed nor linked
            self.merge_values(found, given, services.update_agreement)
            fields = set(data.get("fields") or []) - {f.code for f in found.fields.all()}
            if fields:
                services.update_agreement(
                    found, {"fields": sorted(fields | {f.code for f in found.fields.all()})}
                )
        self.link(found, data.get("evidence"))
        return found

    def commitment(self, data: Mapping[str, Any]) -> None:
        from hoptac.agreements.commitments import create_commitment
        from hoptac.agreements.models import Commitment

        giver, receiver = data.get("giver"), data.get("receiver")
        agreement = agreement_for([giver, receiver], _year_str(data.get("start_year")))
        if agreement is None:
            self.result.notes.append(
                f"commitment {giver} → {receiver}: no agreement between them; not recorded"
            )
            return
        values = {
            "giver": giver,
            "receiver": receiver,
            "quantity": data.get("quantity"),
            "unit": data.get("unit"),
            "period_start": _year_str(data.get("start_year")),
            "period_end": _year_str(data.get("end_year")),
        }
        found = Commitment.objects.filter(
            agreement=agreement,
            giver_id=giver,
            receiver_id=receiver,
            unit=values["unit"] or "",
            quantity=values["quantity"],
            period_start=values["period_start"],
            period_end=values["period_end"],
        ).first()
        if found is None:
            found = self.create(
                _("commitment %(giver)s → %(receiver)s") % {"giver": giver, "receiver": receiver},
                lambda: create_commitment(agreement, values),
            )
            if found is None:
                return
            self.result.created["commitments"] += 1
        else:
            self.result.matched["commitments"] += 1
            self.result.records.append((found, False))
            if not self.may_change(found):
                return
        self.link(found, data.get("evidence"))

    def event(self, data: Mapping[str, Any]) -> Any:
        from hoptac.activities.models import Activity
        from hoptac.activities.services import create_activity, update_activity

        kind = str(data["kind"]) if data.get("kind") in Activity.Kind.values else "other"
        parties, date, status = (
            sorted(data.get("parties") or []),
            data.get("date"),
            data.get("status") or "held",
        )
        if kind == "signing":
            date = signing_date(self, parties, date)
        found = find_activity(kind, parties, date)
        if found is None:
            links = [str(a.uid) for a in self.changeable(agreements_in_effect(parties, date))]
            # What an officer entered on the review page (a visit's delegation) is kept, not dropped.
            extra = {k: data[k] for k in ACTIVITY_EXTRAS if data.get(k) not in (None, "")}
            values = {
                **extra,
                "kind": kind,
                "date": date,
                "status": status,
                "place": data.get("place"),
                "parties": parties,
                "agreements": links,
            }
            found = self.create(f"{kind} {date}", lambda: create_activity(values))
            if found is None:
                return None
            self.result.created["activities"] += 1
        else:
            self.result.matched["activities"] += 1
            self.result.records.append((found, False))
            if not self.may_change(found):
                return found
            changes: dict[str, Any] = {}
            if status == "held" and found.status == "planned":
                changes["status"] = "held"  # what was planned has now happened: progress, not a conflict
            if date and (found.date is None or len(date) > len(str(found.date))):
                changes["date"] = date
            merged = sorted(set(place_codes(found)) | set(parties))
            if merged != place_codes(found):
                changes["parties"] = merged
            linked = {str(a.uid) for a in found.agreements.all()}
            effective = changes.get("date") or str(found.date)
            in_effect = self.changeable(agreements_in_effect(merged, effective))
            uids = linked | {str(a.uid) for a in in_effect}
            if uids != linked:
                changes["agreements"] = sorted(uids)
            if changes:
                update_activity(found, changes)
            self.merge_values(found, {"place": data.get("place")}, lambda t, c: update_activity(t, c))
        self.link(found, data.get("evidence"))
        return found

    def figure(self, data: Mapping[str, Any], review: Any, agreements: Sequence[Any]) -> None:
        from hoptac.figures.models import Figure
        from hoptac.figures.services import create_figure

        if data.get("metric") not in _metric_codes():
            return
        scope = sorted(data.get("scope") or [])
        candidates = Figure.objects.filter(
            metric_id=data["metric"],
            unit=data.get("unit"),
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
        ).prefetch_related("scope")
        found = next((f for f in candidates if place_codes(f, "scope") == scope), None)
        if found is None:
            matching = [a for a in self.changeable(agreements) if place_codes(a) == scope]
            values = {
                "metric": data["metric"],
                "value": data.get("value"),
                "unit": data.get("unit"),
                "scope": scope,
                "period_start": data.get("period_start"),
                "period_end": data.get("period_end"),
                "activity": str(review.uid)
                if review is not None and self.may_change(review, False)
                else None,
                "agreement": str(matching[0].uid) if len(matching) == 1 else None,
            }
            found = self.create(
                _("figure %(metric)s") % {"metric": data.get("metric")}, lambda: create_figure(values)
            )
            if found is None:
                return
            self.result.created["figures"] += 1
        else:
            self.result.matched["figures"] += 1
            self.result.records.append((found, False))
            if not self.may_change(found):
                return
            if abs(float(found.value) - float(data.get("value") or 0)) > 1e-9 * max(
                1.0, abs(float(found.value))
            ):
                self.conflict(found, "value", f"{found.value.normalize():f}", data.get("value"))
        self.link(found, data.get("evidence"))


def _year_str(value: Any) -> str | None:
    return str(value) if isinstance(value, int) else None


def _metric_codes() -> set[str]:
    from hoptac.figures.models import Metric

    return set(Metric.objects.exclude(code="other").values_list("code", flat=True))
