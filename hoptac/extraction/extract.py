"""The reader's entry point: article text in, one `cooperation-extract/1` record out."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .agreements import Agreement, build_agreements, choose_kind, fill_signing_year
from .dates import DateMention, find_dates, iso_date
from .document import Document, prepare
from .events import Event, find_events
from .figures import Figure, find_quantities
from .normalize import Sentence
from .numbers import clean_value
from .people import find_people, locality_of, vietnamese_name
from .reader import read_article

SCHEMA = "cooperation-extract/1"


def _evidence(sentence: Sentence | None, start: int | None = None, end: int | None = None) -> dict[str, Any]:
    if sentence is None:
        return {"start": 0, "end": 0, "sentence": ""}
    return {
        "start": sentence.start if start is None else start,
        "end": sentence.end if end is None else end,
        "sentence": sentence.text,
    }


def _people(doc: Document) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    defaults = {"VN": doc.main_vn[0] if doc.main_vn else None}
    defaults["foreign"] = doc.main_foreign[0] if len(doc.main_foreign) == 1 else None
    merged: dict[str, dict[str, Any]] = {}
    rank: dict[str, int] = {}
    positions: list[tuple[int, str]] = []
    for sent in doc.body_and_captions:
        places = [
            p.__class__(p.start - sent.start, p.end - sent.start, p.code)
            for p in doc.places_in(sent.start, sent.end, units_only=False)
        ]
        for person in find_people(sent.text, places):
            key = " ".join(person.name.casefold().split())
            positions.append((sent.start + person.start, person.name))
            record = merged.get(key)
            if record is None:
                if not person.titles:
                    continue  # a bare "ông X" is not known to be an official of a party
                record = merged[key] = {
                    "name": person.name,
                    "locality": None,
                    "titles": [],
                    "evidence": _evidence(sent, sent.start + person.start, sent.start + person.end),
                }
                rank[key] = 9
            for title in person.titles:
                text = title.text.strip(" ,;")
                if text.casefold() not in {t.casefold() for t in record["titles"]}:
                    record["titles"].append(text)
            # A title naming its unit or its country ("Phó Thủ tướng Việt Nam") outranks the sentence's places.
            has_unit = any(t.places for t in person.titles)
            level = 0 if has_unit else (1 if person.context_place else 2)
            if person.titles and level < rank[key]:
                found = locality_of(person.titles, person.context_place, defaults)
                if found:
                    record["locality"], rank[key] = found, level
    for record in merged.values():
        # "Kim Jong Seog - Tổng Thư ký Nhóm Hữu nghị tỉnh Nghệ An": a foreign official of a body named
        # after the Vietnamese side belongs to the foreign party.
        if (
            doc.main_foreign
            and record["locality"]
            and record["locality"].startswith("VN")
            and not vietnamese_name(record["name"])
        ):
            record["locality"] = doc.main_foreign[0]
    return list(merged.values()), positions


def extract_document(doc: Document) -> dict[str, Any]:
    """Every record type for a prepared article."""
    people, positions = _people(doc)
    events = find_events(doc)
    agreements_out = []
    signings = [e for e in events if e.kind == "signing" and e.date.day is not None]
    built = build_agreements(doc, positions)
    for agreement in built:
        signed = agreement.signed
        if signed is None:
            # A dated signing ceremony of the same parties in the article is this agreement's signing.
            match = next((e for e in signings if set(agreement.parties) <= set(e.parties)), None)
            if match is not None:
                signed = match.date
        if signed is None:
            signed = _signed_at_event(doc, agreement.evidence, events)
        effective = agreement.effective
        signed_iso = fill_signing_year(signed, effective, doc.ref_year) or _signed_in_lead(doc, agreement)
        _agree_on_year(signings, agreement.parties, signed, signed_iso)
        agreements_out.append(
            {
                "parties": agreement.parties,
                "kind": choose_kind(agreement.kinds),
                "start_year": agreement.period[0] if agreement.period else None,
                "end_year": agreement.period[1] if agreement.period else None,
                "signed": signed_iso,
                "effective_from": iso_date(effective.year, effective.month, effective.day)
                if effective
                else None,
                "review_every_years": agreement.review,
                "fields": sorted(agreement.fields),
                "signatories": agreement.signatories,
                "evidence": _evidence(agreement.evidence),
            }
        )
    figures, commitments = find_quantities(doc)
    _since_signing(doc, figures, agreements_out, [a.first for a in built])
    return {
        "schema": SCHEMA,
        "source": doc.source,
        "published": doc.published,
        "people": people,
        "agreements": agreements_out,
        "commitments": [
            {
                "giver": c.giver,
                "receiver": c.receiver,
                "quantity": clean_value(c.quantity),
                "unit": c.unit,
                "start_year": c.start_year,
                "end_year": c.end_year,
                "evidence": _evidence(c.sentence, c.start, c.end),
            }
            for c in commitments
        ],
        "events": [
            {
                "kind": e.kind,
                "date": e.date.iso(),
                "parties": e.parties,
                "place": e.place,
                "status": e.status,
                "evidence": _evidence(e.sentence, e.start, e.end),
            }
            for e in events
        ],
        "figures": [
            {
                "metric": f.metric,
                "value": clean_value(f.value),
                "unit": f.unit,
                "scope": f.scope,
                "period_start": f.period_start,
                "period_end": f.period_end,
                "evidence": _evidence(f.sentence, f.start, f.end),
            }
            for f in figures
        ],
    }


def _agree_on_year(
    signings: list[Event], parties: list[str], signed: DateMention | None, signed_iso: str | None
) -> None:
    """The signing ceremony of an agreement whose year the agreement fixed (a "Sáng 28/12" signing of an
    agreement in force from 01/1/2023 was in 2022) carries that year too, so the two agree."""
    if signed is None or signed.year is not None or not signed_iso or signed_iso.startswith("--"):
        return
    for event in signings:
        same_day = (event.date.month, event.date.day) == (signed.month, signed.day)
        if event.date.year is None and same_day and set(parties) <= set(event.parties):
            event.date = event.date.with_year(int(signed_iso[:4]))


# "Tại hội nghị, hai bên đã ký kết Bản ghi nhớ …": signed on the day of the meeting the article reports.
_AT_EVENT = re.compile(
    r"^\s*(?:(?:Tại|Trong|Nhân)\s+(?:dịp\s+)?(?:hội\s+nghị|phiên\s+họp|buổi\s+(?:lễ|làm\s+việc|hội\s+đàm|tiếp)"
    r"|cuộc\s+(?:họp|hội\s+đàm)|chuyến\s+thăm|dịp\s+này)|(?:Cũng\s+trong|Cùng)\s+ngày"
    r"|Đồng\s+thời|(?:Cũng\s+)?[Tt]ại\s+đây)\b[^.;]*?(?<!\w)ký(?!\w)",
    re.IGNORECASE,
)


def _signed_at_event(doc: Document, sentence: Sentence | None, events: list[Event]) -> DateMention | None:
    """The day of the held event named last before a "Tại hội nghị … ký kết" or "Cùng ngày, … ký" sentence,
    else the last full day the article gave before it."""
    if sentence is None or not _AT_EVENT.match(sentence.text):
        return None
    held = [e for e in events if e.status == "held" and e.date.day is not None and e.start < sentence.start]
    if held:
        return held[-1].date
    for earlier in reversed([x for x in doc.body if x.start < sentence.start]):
        days = [d for d in find_dates(earlier.text) if d.day is not None]
        if days:
            return days[-1].with_year(doc.ref_year)
    return None


_SIGNS_NOW = re.compile(
    r"(?<!\w)(?:đã|tiến\s+hành|đi\s+đến|thống\s+nhất)\s+(?:\S+\s+){0,2}?ký(?!\w)", re.IGNORECASE
)
_NOT_YET = re.compile(r"(?<!\w)(?:sẽ|tiến\s+tới|chuẩn\s+bị|dự\s+kiến)(?!\w)", re.IGNORECASE)


def _signed_in_lead(doc: Document, agreement: Agreement) -> str | None:
    """ "Đại biểu hai tỉnh … đi đến thống nhất ký kết biên bản ghi nhớ …" in the article's lead, with no
    date: signed at the event the article reports, in the dateline's month (never a day it does not give)."""
    lead = doc.body[:2]
    sent = agreement.evidence
    if not doc.published or sent is None or all(sent is not x for x in lead):
        return None
    if not _SIGNS_NOW.search(sent.text) or _NOT_YET.search(sent.text):
        return None
    return doc.published[:7]


_SINCE_SIGNING = re.compile(r"từ\s+khi\s+ký(?:\s+kết)?(?:\s+\S+){0,4}?\s+(?:đến|tới)\s+nay", re.IGNORECASE)


def _since_signing(
    doc: Document, figures: list[Figure], agreements: list[dict[str, Any]], firsts: list[int]
) -> None:
    """ "Từ khi ký kết đến nay, … 109 đoàn": the period runs from the signing of the agreement named last
    before the figure to the dateline's month."""
    for figure in figures:
        if figure.period_start or not _SINCE_SIGNING.search(figure.sentence.text):
            continue
        before = [(first, a) for first, a in zip(firsts, agreements, strict=True) if first <= figure.start]
        if not before:
            continue
        agreement = max(before, key=lambda x: x[0])[1]
        year = (agreement["signed"] or "")[:4] or agreement["start_year"]
        if year:
            figure.period_start = str(year)
            figure.period_end = doc.published[:7] if doc.published else None


def extract_text(text: str, source: str = "", published: str | None = None) -> dict[str, Any]:
    """Read already-normalised article text into a record."""
    return extract_document(prepare(text, source, published))


def extract_file(path: Path) -> dict[str, Any]:
    """Read one article file into a record; raises ReadError when the file cannot be read."""
    raw = read_article(path)
    return extract_text(raw.text, path.name, raw.published)
