"""`hoptac ingest`: merge what the news reader finds into the registry.

One record per real-world thing: an agreement named in two articles is one agreement with two
sources; a review planned for 2024 and the review held on 2024-12-12 are one activity. Every record
is tied to its source and the span of text that supports it. Where sources disagree, the registry
keeps its value and records the other as a Conflict; nothing is silently overwritten.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

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


def _prefix_compatible(a: str | None, b: str | None) -> bool:
    """Two partial dates that can mean the same day: one is the other made more precise."""
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value and value[:4].isdigit() else None


def _name(code: str) -> str:
    from hoptac.places.gazetteer import place_names

    return place_names().get(code, code)


def _codes(record: Any, attribute: str = "parties") -> list[str]:
    """Sorted place codes of an agreement's parties, or of an activity's parties or a figure's scope."""
    from hoptac.agreements.models import Agreement

    if isinstance(record, Agreement):
        return sorted(p.place_id for p in record.parties.all())
    return sorted(p.code for p in getattr(record, attribute).all())


class _Merger:
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
                and _prefix_compatible(current_text, value)
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
        found = find_agreement(parties, start, end, _year(data.get("signed")))
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
            merged = sorted(set(_codes(found)) | set(parties))
            if merged != _codes(found):
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
        found = next((f for f in candidates if _codes(f, "scope") == scope), None)
        if found is None:
            matching = [a for a in agreements if _codes(a) == scope]
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


def find_agreement(parties: list[str], start: int | None, end: int | None, signed_year: int | None) -> Any:
    """The registered agreement between exactly these parties with this period (or, without one, this signing year)."""
    from hoptac.agreements.models import Agreement

    candidates = (
        Agreement.objects.filter(parties__place_id=parties[0]) if parties else Agreement.objects.none()
    )
    for agreement in candidates.prefetch_related("parties").distinct():
        if _codes(agreement) != parties:
            continue
        period = (
            _year(str(agreement.period_start) if agreement.period_start else None),
            _year(str(agreement.period_end) if agreement.period_end else None),
        )
        if start or end:
            if period == (start, end):
                return agreement
        elif period == (None, None):
            signed = agreement.signed_on.year if agreement.signed_on else None
            if signed == signed_year or signed is None or signed_year is None:
                return agreement
    return None


def agreement_for(parties: Iterable[str | None], year: str | None) -> Any:
    """The agreement a commitment between two parties belongs to: in effect in its first year, else the latest."""
    found = agreements_in_effect([p for p in parties if p], year, among=False)
    return found[-1] if found else None


def agreements_in_effect(parties: Sequence[str], date: str | None, among: bool = True) -> list[Any]:
    """Agreements in effect at the date (when it says) whose parties are all among these (among=True),
    or which count all these places among their parties (among=False); the latest last."""
    from hoptac.agreements.models import Agreement

    wanted = set(parties)
    if len(wanted) < 2:
        return []
    found = []
    for agreement in Agreement.objects.prefetch_related("parties").order_by(
        "signed_on", "period_start", "id"
    ):
        codes = set(_codes(agreement))
        if (codes <= wanted) if among else (wanted <= codes):
            found.append(agreement)
    year = _year(date)
    if year is None:
        return found
    covering = [
        a
        for a in found
        if a.period_start
        and a.period_end
        and (a.period_start.year or 0) <= year <= (a.period_end.year or 9999)
    ]
    if covering:
        return covering
    # Without a period, the latest agreement signed by then is the one in effect.
    open_ended = [
        a for a in found if not a.period_end and (a.signed_on is None or (a.signed_on.year or 0) <= year)
    ]
    return open_ended[-1:]


def find_activity(kind: str, parties: list[str], date: str | None) -> Any:
    """The registered activity this event is: same kind, parties in common, a date that can be the same."""
    from hoptac.activities.models import Activity

    if not date:
        return None
    for activity in Activity.objects.filter(kind=kind, date__startswith=date[:4]).prefetch_related("parties"):
        codes = set(_codes(activity))
        shared = codes & set(parties)
        if (
            len(shared) >= 2
            and (codes <= set(parties) or set(parties) <= codes)
            and _prefix_compatible(str(activity.date), date)
        ):
            return activity
    return None


def _title(text: str, fallback: str) -> str:
    for line in text.splitlines()[:15]:
        words = line.split()
        if len(words) >= 6 and not line.rstrip().endswith((".", ":")):
            return line.strip()[:500]
    return fallback


def ingest_record(record: Mapping[str, Any], text: str, title: str) -> IngestResult:
    """Merge one extracted article (schema cooperation-extract/1) and its text into the registry."""
    from hoptac.sources.services import create_source, find_source_by_text

    existing = find_source_by_text(text)
    if existing is not None:
        return IngestResult(existing, skipped=True)
    try:
        with transaction.atomic():
            source = create_source(
                {"title": _title(text, title), "text": text, "published": record.get("published")}
            )
            result = IngestResult(source)
            _Merger(source, record, result).run()
    except (IntegrityError, ValidationError):
        # Another process stored the same article since our check (the unique checksum or the
        # service's duplicate check stopped us): theirs stands. Any other error goes up.
        existing = find_source_by_text(text)
        if existing is None:
            raise
        return IngestResult(existing, skipped=True)
    return result


def read_all(paths: Sequence[Path]) -> tuple[list[tuple[Path, Mapping[str, Any], str]], list[str]]:
    """Read and extract every file first, so an unreadable one stops the run before anything is stored."""
    from .extract import extract_text
    from .reader import ReadError, read_article

    read: list[tuple[Path, Mapping[str, Any], str]] = []
    errors: list[str] = []
    for path in paths:
        try:
            raw = read_article(path)
        except (ReadError, OSError) as exc:
            errors.append(f"{path}: cannot read: {exc}")
            continue
        read.append((path, extract_text(raw.text, path.name, raw.published), raw.text))
    return read, errors


def shared_seeds() -> Path | None:
    """../shared/seeds beside the project, where it exists (CI and developers' machines)."""
    root = Path(os.environ.get("HOPTAC_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared"))
    seeds = root / "seeds"
    return seeds if seeds.is_dir() and any(seeds.glob("*.txt")) else None


def ingest_demo() -> bool:
    """Build the demo from the seed articles when they are here; False tells the caller to use the data file."""
    seeds = shared_seeds()
    if seeds is None:
        return False
    read, errors = read_all(sorted(seeds.glob("*.txt")))
    if errors:
        return False
    with transaction.atomic():
        results = [ingest_record(record, text, path.stem) for path, record, text in read]
    created = sum((r.created for r in results), Counter())
    typer.echo(
        f"demo read from {len(results)} articles in {seeds}: "
        + ", ".join(f"{n} {k}" for k, n in created.items())
    )
    return True


def register(app: typer.Typer) -> None:
    """Add the ingest command to the hoptac CLI."""

    @app.command("ingest")
    def ingest(
        files: Annotated[list[Path], typer.Argument(help="Article files: .txt, .html, .docx or .pdf")],
    ) -> None:
        """Read articles and merge their records into the registry (all files, or on any error none)."""
        from rich.progress import Progress

        from hoptac.cli import fail, setup_django

        setup_django()
        read, errors = read_all(files)
        if errors:
            raise fail("nothing was ingested:\n  " + "\n  ".join(errors))
        results: list[IngestResult] = []
        try:
            with transaction.atomic(), Progress(transient=True) as bar:
                task = bar.add_task("ingesting", total=len(read))
                for path, record, text in read:
                    results.append(ingest_record(record, text, path.stem))
                    bar.advance(task)
        except Exception as exc:  # any failure rolls the whole run back; say so plainly
            raise fail(f"nothing was ingested: {type(exc).__name__}: {exc}") from exc
        for (path, _, _), result in zip(read, results, strict=True):
            if result.skipped:
                typer.echo(f"{path.name}: already ingested (source {result.source.uid}); nothing changed")
                continue
            made = ", ".join(f"{n} {k}" for k, n in result.created.items()) or "nothing new"
            seen = ", ".join(f"{n} {k}" for k, n in result.matched.items())
            typer.echo(
                f"{path.name}: created {made}"
                + (f"; matched {seen}" if seen else "")
                + (f"; {result.conflicts} conflict(s) with earlier sources" if result.conflicts else "")
            )
            for note in result.notes:
                typer.secho(f"  {note}", fg=typer.colors.YELLOW)
