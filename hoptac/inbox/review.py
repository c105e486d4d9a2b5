"""Reading a fetched page into proposals, deciding whether it concerns the province's partners, and
what each proposal would do to the registry (new record, update of a known one, or a conflict)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .models import FetchedDocument, NewsSource, Proposal

KINDS = ("agreements", "commitments", "events", "figures")  # people ride along with any accepted record


@dataclass(frozen=True)
class Match:
    """What accepting a proposal would do: 'new', 'update' (a known record gains a source), 'conflict'
    (a known record holds another value, which is kept and the disagreement recorded) or 'unattached'."""

    outcome: str
    record: Any = None
    fields: tuple[str, ...] = ()


def partners_of(province_id: str | None) -> set[str]:
    """The places the province has agreements with (for a source of no province: every foreign party)."""
    from hoptac.agreements.models import AgreementParty
    from hoptac.places.gazetteer import country_of

    if province_id:
        theirs = AgreementParty.objects.filter(place_id=province_id).values("agreement_id")
        found = AgreementParty.objects.filter(agreement_id__in=theirs).exclude(place_id=province_id)
        return set(found.values_list("place_id", flat=True))
    codes = set(AgreementParty.objects.values_list("place_id", flat=True))
    return {c for c in codes if country_of(c) != "VN"}


def read_document(document: FetchedDocument, source: NewsSource | None) -> None:
    """Run the news reader on the page, decide relevance, and propose its records (saved by the caller)."""
    from hoptac.extraction.document import prepare
    from hoptac.extraction.extract import extract_document

    doc = prepare(document.text, document.url, document.published or None)
    record = extract_document(doc)
    mentioned = {p.code for p in doc.places}
    partners = sorted(mentioned & partners_of(source.province_id if source else None))
    known = any(match("agreements", a).outcome != "new" for a in record.get("agreements", []))
    document.record, document.partners = record, partners
    document.published = document.published or (record.get("published") or "")[:10]
    document.relevant = bool(partners) or known
    document.hidden = not document.relevant


def propose(document: FetchedDocument) -> list[Proposal]:
    """One pending proposal per record the reader found in a relevant page."""
    if not document.relevant:
        return []
    return Proposal.objects.bulk_create(
        Proposal(document=document, key=f"{kind}-{i}", kind=kind, data=item)
        for kind in KINDS
        for i, item in enumerate(document.record.get(kind) or [])
    )


def _differs(current: Any, given: Any, is_date: bool) -> bool:
    from hoptac.extraction.matching import prefix_compatible

    if given in (None, "") or current in (None, ""):
        return False
    if is_date:
        return not prefix_compatible(str(current), str(given))
    return str(current) != str(given)


def match(kind: str, data: Mapping[str, Any]) -> Match:
    """What the merge (hoptac ingest) would do with this record, read off the registry as it is now."""
    from hoptac.extraction import matching

    if kind == "agreements":
        found = matching.find_agreement(
            sorted(data.get("parties") or []),
            data.get("start_year"),
            data.get("end_year"),
            matching.year_of(data.get("signed")),
        )
        if found is None:
            return Match("new")
        given = {"kind": data.get("kind"), "signed_on": data.get("signed")}
        clash = tuple(
            name
            for name, value in given.items()
            if _differs(getattr(found, name), value, name.endswith("_on"))
        )
        return Match("conflict" if clash else "update", found, clash)
    if kind == "events":
        from hoptac.activities.models import Activity

        event_kind = str(data.get("kind")) if data.get("kind") in Activity.Kind.values else "other"
        found = matching.find_activity(event_kind, sorted(data.get("parties") or []), data.get("date"))
        if found is None:
            return Match("new")
        clash = ("place",) if _differs(found.place_id, data.get("place"), False) else ()
        return Match("conflict" if clash else "update", found, clash)
    if kind == "figures":
        return _match_figure(data)
    if kind == "commitments":
        return _match_commitment(data)
    return Match("new")


def _match_figure(data: Mapping[str, Any]) -> Match:
    from hoptac.extraction.matching import place_codes
    from hoptac.figures.models import Figure

    candidates = Figure.objects.filter(
        metric_id=data.get("metric"),
        unit=data.get("unit"),
        period_start=data.get("period_start"),
        period_end=data.get("period_end"),
    ).prefetch_related("scope")
    scope = sorted(data.get("scope") or [])
    found = next((f for f in candidates if place_codes(f, "scope") == scope), None)
    if found is None:
        return Match("new")
    value = float(data.get("value") or 0)
    clash = abs(float(found.value) - value) > 1e-9 * max(1.0, abs(float(found.value)))
    return Match("conflict" if clash else "update", found, ("value",) if clash else ())


def _match_commitment(data: Mapping[str, Any]) -> Match:
    from hoptac.agreements.models import Commitment
    from hoptac.extraction.matching import agreement_for

    start = data.get("start_year")
    agreement = agreement_for([data.get("giver"), data.get("receiver")], str(start) if start else None)
    if agreement is None:
        return Match("unattached")
    found = Commitment.objects.filter(
        agreement=agreement,
        giver_id=data.get("giver"),
        receiver_id=data.get("receiver"),
        unit=data.get("unit") or "",
        quantity=data.get("quantity"),
    ).first()
    return Match("new", agreement) if found is None else Match("update", found)
