"""Merging one extracted article's records into the registry, each tied to the article as its source.

Matches an existing record where there is one (hoptac.extraction.matching), fills what the registry
lacks, and records a disagreement as a Conflict rather than overwriting the registry's value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from .matching import (
    agreement_for,
    agreements_in_effect,
    find_activity,
    find_agreement,
    place_codes,
    prefix_compatible,
    year_of,
)

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


def _name(code: str) -> str:
    from hoptac.places.gazetteer import place_names

    return place_names().get(code, code)


class Merger:
    """Merges one article's records into the registry and counts in its IngestResult what it did."""

    def __init__(self, source: Any, record: Mapping[str, Any], result: IngestResult) -> None:
        self.source, self.record, self.result = source, record, result
        self.localities = {p["name"]: p.get("locality") for p in record.get("people", [])}

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
                update(target, changes)
            except ValidationError as exc:
                self.result.notes.append(f"{target}: not changed ({'; '.join(exc.messages)})")

    def run(self) -> None:
        self.people()
        agreements = [self.agreement(a) for a in self.record.get("agreements", [])]
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
            try:
                found = services.create_agreement(
                    {
                        **{k: v for k, v in given.items() if v is not None},
                        "title": f"{KINDS.get(data.get('kind') or 'other', KINDS['other'])} giữa {names}{period}",
                        "period_start": str(start) if start else None,
                        "period_end": str(end) if end else None,
                        "fields": data.get("fields") or [],
                        "parties": [
                            {
                                "place": c,
                                "body": ("UBND tỉnh " if c.startswith("VN-") else "Chính quyền tỉnh ")
                                + _name(c),
                                "signatory": signatories.get(c),
                            }
                            for c in parties
                        ],
                    }
                )
            except ValidationError as exc:
                self.result.notes.append(
                    f"agreement {parties} {start}-{end}: not recorded ({'; '.join(exc.messages)})"
                )
                return None
            self.result.created["agreements"] += 1
        else:
            self.result.matched["agreements"] += 1
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
            try:
                found = create_commitment(agreement, values)
            except ValidationError as exc:
                self.result.notes.append(
                    f"commitment {giver} → {receiver}: not recorded ({'; '.join(exc.messages)})"
                )
                return
            self.result.created["commitments"] += 1
        else:
            self.result.matched["commitments"] += 1
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
        found = find_activity(kind, parties, date)
        if found is None:
            links = [str(a.uid) for a in agreements_in_effect(parties, date)]
            try:
                found = create_activity(
                    {
                        "kind": kind,
                        "date": date,
                        "status": status,
                        "place": data.get("place"),
                        "parties": parties,
                        "agreements": links,
                    }
                )
            except ValidationError as exc:
                self.result.notes.append(f"{kind} {date}: not recorded ({'; '.join(exc.messages)})")
                return None
            self.result.created["activities"] += 1
        else:
            self.result.matched["activities"] += 1
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
            uids = linked | {str(a.uid) for a in agreements_in_effect(merged, effective)}
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
            matching = [a for a in agreements if place_codes(a) == scope]
            try:
                found = create_figure(
                    {
                        "metric": data["metric"],
                        "value": data.get("value"),
                        "unit": data.get("unit"),
                        "scope": scope,
                        "period_start": data.get("period_start"),
                        "period_end": data.get("period_end"),
                        "activity": str(review.uid) if review is not None else None,
                        "agreement": str(matching[0].uid) if len(matching) == 1 else None,
                    }
                )
            except ValidationError as exc:
                self.result.notes.append(
                    f"figure {data.get('metric')}: not recorded ({'; '.join(exc.messages)})"
                )
                return
            self.result.created["figures"] += 1
        else:
            self.result.matched["figures"] += 1
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
