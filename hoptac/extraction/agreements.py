"""Agreements between sub-national governments: kind, parties, period, signing and effective dates,
review rhythm and fields, with mentions of one agreement merged and bilateral ones kept apart."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .dates import DateMention, find_dates, find_periods, iso_date
from .document import Document
from .fields import fields_of
from .normalize import Sentence, finditer_quick
from .numbers import parse_count
from .places import country_of

_KIND_RE = re.compile(
    r"(?<!\w)(?:(?P<mou>(?:biên\s+)?bản\s+ghi\s+nhớ)|(?P<agreement>(?:bản\s+|biên\s+bản\s+)?th(?:ỏa|oả|oa)\s+thuận\s+hợp\s+tác)"
    r"|(?P<programme>chương\s+trình\s+(?:phối\s+hợp|hợp\s+tác))|(?P<other>biên\s+bản\s+(?:hợp\s+tác|hội\s+đàm|hội\s+nghị)"
    r"|kế\s+hoạch\s+hợp\s+tác))(?!\w)",
    re.IGNORECASE,
)
# Every alternative starts with a plain letter, so the pattern scans fast (no character class first).
_KIND_HINT = re.compile(
    r"bản|Bản|th(?:ỏa|oả)\s+thuận|Th(?:ỏa|oả)\s+thuận|chương\s+trình|Chương\s+trình|kế\s+hoạch|Kế\s+hoạch"
)
# Where a kind or an anaphor can start, in lower-cased text (see normalize.finditer_quick).
_KIND_QUICK = re.compile(r"\W(?:biên|bản|thỏa|thoả|thoa|chương|kế)")
_ANAPHOR_QUICK = re.compile(r"\Wbiên")
# "Biên bản ký kết có hiệu lực ...", "các nội dung của biên bản": the agreement already named.
_ANAPHOR_RE = re.compile(
    r"(?<!\w)biên\s+bản(?!\s+(?:ghi|hợp|hội|tho|làm))(?=\s+(?:ký|này|đã|có|trên))", re.IGNORECASE
)
_SIGN_RE = re.compile(r"(?<!\w)ký(?:\s+kết)?(?!\w)", re.IGNORECASE)
_EFFECTIVE_RE = re.compile(r"hiệu\s+lực\s+(?:kể\s+)?từ\s+", re.IGNORECASE)
_FUTURE_AGREEMENT = re.compile(r"^\s*(?:hợp tác\s+)?giai đoạn\s+(?:mới|tiếp theo|tới|sau)", re.IGNORECASE)
_SINGLE_YEAR = re.compile(r"^\s*(?:hợp tác\s+)?(?:năm\s+)(?P<y>(?:19|20)\d\d)(?!\s*[-–]\s*\d)", re.IGNORECASE)
_NATIONAL = re.compile(
    r"hai\s+nước|hai\s+chính\s+phủ|chính\s+phủ\s+hai|cấp\s+bộ|hai\s+nhà\s+nước", re.IGNORECASE
)
# One document among provinces of three countries ("giữa 3 tỉnh của 3 nước", "các tỉnh ba nước") is one
# agreement, not one per partner.
_MULTILATERAL = re.compile(
    r"ba\s+bên|đa\s+phương|ba\s+tỉnh\s+cùng|các\s+bên\s+cùng\s+ký|(?<!\w)(?:3|ba)\s+nước(?!\w)"
    # "với các tỉnh Bắc Lào": a group of provinces that signs as one side
    r"|các\s+tỉnh\s+(?:Bắc|Nam|Trung|Đông|Tây|Thượng|Hạ)\s+(?:Lào|Campuchia|Thái\s+Lan|Bộ)(?!\w)",
    re.IGNORECASE,
)
# "tại thủ đô Viêng Chăn": where it was signed, not who signed it.
_VENUE = re.compile(r"(?<!\w)tại\s+(?:thủ\s+đô|thành\s+phố|TP\.?|thị\s+xã|tỉnh|huyện)?\s*$", re.IGNORECASE)
_PLURAL = re.compile(r"(?<!\w)(?:các|những)\s+$", re.IGNORECASE)
_FIELD_HEADS = r"chính|ngoại|quốc|an|kinh|thương|đầu|nông|lâm|tài|môi|văn|xã|du|giáo|đào|y|lao|giao|phát"
_REVIEW_RE = re.compile(
    r"(?:định\s+kỳ\s+)?(?P<n>\d+|một|hai|ba|bốn|năm)\s+năm\s+(?:một|1)\s+lần|định\s+kỳ\s+(?P<yearly>hằng|hàng)\s+năm",
    re.IGNORECASE,
)
# "trên các lĩnh vực: Chính trị, ngoại giao; kinh tế …" lists fields; "trên nhiều lĩnh vực." does not.
_LIST_RE = re.compile(r"lĩnh\s+vực\s*:?\s*(?=\S*\s?\S*\s?(?:" + _FIELD_HEADS + r"))", re.IGNORECASE)
_INTRO_RE = re.compile(r"(?:^|\s)(?:tại|theo|trong|nội\s+dung)\s*$", re.IGNORECASE)
_TOPIC_RE = re.compile(
    r"\S+(?:\s+\S+){0,3}?\s+(?:hợp\s+tác\s+)?(?:giai\s+đoạn\s+[\d\s\-–]+)?về\s", re.IGNORECASE
)
_REPORTING = re.compile(r"cho\s+biết|phát\s+biểu|khẳng\s+định|nhấn\s+mạnh|cho\s+rằng|nói", re.IGNORECASE)


@dataclass
class Mention:
    """One naming of an agreement in a sentence."""

    kind: str | None
    start: int
    sentence: Sentence
    parties: list[list[str]]
    period: tuple[int, int] | None
    signed: DateMention | None
    effective: DateMention | None
    review: int | None
    capitalised: bool


@dataclass
class Agreement:
    """An agreement being assembled from its mentions."""

    parties: list[str]
    period: tuple[int, int] | None
    kinds: list[tuple[bool, str]] = field(default_factory=list)
    signed: DateMention | None = None
    effective: DateMention | None = None
    review: int | None = None
    fields: set[str] = field(default_factory=set)
    signatories: list[str] = field(default_factory=list)
    first: int = 0
    last: int = 0
    evidence: Sentence | None = None


def _bilateral(doc: Document, codes: list[str], clause: str) -> list[list[str]]:
    parties = doc.complete(codes)
    vn = [c for c in parties if country_of(c) == "VN"]
    foreign = [c for c in parties if country_of(c) != "VN"]
    if _MULTILATERAL.search(clause) or not vn or not foreign:
        return [parties] if len(parties) >= 2 else []
    if len(vn) == 1:
        return [sorted([vn[0], f]) for f in foreign]
    if len(foreign) == 1:
        return [sorted([v, foreign[0]]) for v in vn]
    return [parties]


def _signed_date(s: str, start: int, end: int, dates: Sequence[DateMention]) -> DateMention | None:
    """The date a sentence gives for the signing near [start, end)."""
    signs = [m.start() for m in _SIGN_RE.finditer(s)]
    if not signs:
        return None
    eff = [m.end() for m in _EFFECTIVE_RE.finditer(s)]
    best: tuple[int, DateMention] | None = None
    for d in dates:
        if any(0 <= d.start - e <= 6 for e in eff):
            continue
        distance = min(abs(d.start - p) for p in signs)
        if best is None or distance < best[0]:
            best = (distance, d)
    return best[1] if best else None


def find_mentions(doc: Document) -> list[Mention]:
    """Agreement mentions in prose and captions, in text order."""
    out: list[Mention] = []
    for sent in doc.body_and_captions:
        s = sent.text
        if not _KIND_HINT.search(s):
            continue
        lowered = s.lower()
        hits = [
            (m, next(k for k, v in m.groupdict().items() if v))
            for m in finditer_quick(_KIND_RE, s, _KIND_QUICK, lowered)
        ]
        hits += [(m, "") for m in finditer_quick(_ANAPHOR_RE, s, _ANAPHOR_QUICK, lowered)]
        if not hits:
            continue
        hits.sort(key=lambda h: h[0].start())
        periods = [p for p in find_periods(s) if p.labelled]
        dates = find_dates(s)
        codes = _parties_named(doc, sent)
        context = s
        if not codes:
            # "Đồng thời, … thống nhất ký biên bản ghi nhớ …": the parties are those of the sentence before.
            before = [x for x in doc.body if x.end <= sent.start]
            codes = _parties_named(doc, before[-1]) if before else []
            context = before[-1].text + " " + s if before else s
        eff = next(
            (d for d in dates if any(0 <= d.start - e.end() <= 6 for e in _EFFECTIVE_RE.finditer(s))), None
        )
        rm = _REVIEW_RE.search(s) if "lần" in s or "ịnh kỳ" in s else None  # cheap test first
        review = (1 if rm["yearly"] else parse_count(rm["n"])) if rm else None
        for i, (m, kind) in enumerate(hits):
            nxt = hits[i + 1][0].start() if i + 1 < len(hits) else len(s)
            after = s[m.end() : nxt]
            if _FUTURE_AGREEMENT.match(after) or _NATIONAL.search(s[max(0, m.start() - 40) : nxt]):
                continue
            if kind and _PLURAL.search(s, max(0, m.start() - 8), m.start()) and not _SIGN_RE.search(s):
                continue  # "tình hình thực hiện các thỏa thuận hợp tác": agreements in general, none named
            period = next(
                ((p.first_year, p.last_year) for p in periods if m.end() <= p.start < nxt and p.first_year),
                None,
            )
            single = _SINGLE_YEAR.match(after)
            if period is None and single:
                period = (int(single["y"]), int(single["y"]))
            parties = _bilateral(
                doc, _own_codes(doc, sent, codes, m.start(), nxt) if len(hits) > 1 else codes, context
            )
            if not parties:
                continue
            signed = _signed_date(s, m.start(), m.end(), dates)
            own_dates = _dates_per_partner(doc, sent, parties, dates) if signed is not None else None
            for pair in [[p] for p in parties] if own_dates else [parties]:  # type: ignore[list-item]
                out.append(
                    Mention(
                        kind or None,
                        sent.start + m.start(),
                        sent,
                        pair,
                        period,  # type: ignore[arg-type]
                        own_dates[tuple(pair[0])] if own_dates else signed,
                        eff,
                        review,
                        m.group()[0].isupper(),
                    )
                )
    return out


def _parties_named(doc: Document, sent: Sentence) -> list[str]:
    """The places a sentence names, less a venue ("tại thủ đô Viêng Chăn") it names nowhere else."""
    places = doc.places_in(sent.start, sent.end)
    venues = {
        p.code
        for p in places
        if _VENUE.search(sent.text, max(0, p.start - sent.start - 24), p.start - sent.start)
    }
    elsewhere = {p.code for p in places} - venues
    kept = [p.code for p in places if p.code not in venues or p.code in elsewhere]
    sides = {country_of(c) == "VN" for c in kept}
    return kept if len(sides) == 2 else [p.code for p in places]


def _own_codes(doc: Document, sent: Sentence, codes: list[str], start: int, stop: int) -> list[str]:
    """ "Bản ghi nhớ … với tỉnh A và Bản ghi nhớ … với tỉnh B": each mention's partner is named in its own
    stretch of the sentence; the Vietnamese side may be named once for both."""
    own = [p.code for p in doc.places_in(sent.start + start, sent.start + stop)]
    if not any(country_of(c) != "VN" for c in own):
        return codes
    if not any(country_of(c) == "VN" for c in own):
        own += [c for c in codes if country_of(c) == "VN"]
    return own


def _dates_per_partner(
    doc: Document, sent: Sentence, parties: list[list[str]], dates: Sequence[DateMention]
) -> dict[tuple[str, ...], DateMention] | None:
    """ "… với tỉnh A từ năm 2005 và với tỉnh B từ năm 2014": each pair's own date follows its partner.
    None unless every pair gets a different date this way."""
    if len(parties) < 2:
        return None
    places = doc.places_in(sent.start, sent.end)
    shared = set.intersection(*(set(p) for p in parties))
    starts: list[tuple[int, tuple[str, ...]]] = []
    for pair in parties:
        other = [c for c in pair if c not in shared]
        first = next((p.start - sent.start for p in places if other and p.code == other[0]), None)
        if first is None:
            return None
        starts.append((first, tuple(pair)))
    starts.sort()
    out: dict[tuple[str, ...], DateMention] = {}
    for i, (pos, pair_key) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(sent.text)
        own = [d for d in dates if pos < d.start < stop]
        if len(own) != 1:
            return None
        out[pair_key] = own[0]
    return out


def _window(doc: Document, mention: Mention, stop: int, repeat: bool) -> list[str]:
    """The passage that describes an agreement's fields of cooperation.

    "Tại Bản ghi nhớ …, hai tỉnh …" introduces paragraphs of content: read up to the next mention.
    "Bản ghi nhớ về hợp tác phát triển kinh tế - xã hội" or "trên các lĩnh vực: …" name them in place.
    A plain repeat of an agreement already named adds only its own sentence.
    """
    sent = mention.sentence
    offset = mention.start - sent.start
    tail = sent.text[offset:]
    following = [x for x in doc.body_and_captions if sent.start <= x.start < stop]
    paragraph = [x.text for x in following if x.paragraph == sent.paragraph]
    if _INTRO_RE.search(sent.text[max(0, offset - 12) : offset]):
        return [x.text for x in following]
    topic = _TOPIC_RE.match(tail)
    if topic and fields_of(tail):
        return [tail]
    if _LIST_RE.search(tail):
        return [tail, *paragraph[1:]]
    if repeat or mention.kind is None:
        return [sent.text]
    if any(fields_of(x) for x in paragraph):
        return paragraph
    return [x.text for x in following]


def build_agreements(doc: Document, people_names: list[tuple[int, str]]) -> list[Agreement]:
    """Merge mentions into agreements: same parties and period, or a dated older one, or the last named."""
    mentions = find_mentions(doc)
    agreements: list[Agreement] = []
    stops = [m.start for m in mentions[1:]] + [len(doc.text)] if mentions else []
    for mention, stop in zip(mentions, stops, strict=True):
        for parties in mention.parties:
            target = _find_target(agreements, mention, parties)
            repeat = target is not None and mention.period is None and mention.signed is None
            if target is None:
                target = Agreement(parties, mention.period, first=mention.start, evidence=mention.sentence)
                agreements.append(target)
            target.period = target.period or mention.period
            target.last = mention.start
            if mention.kind:
                target.kinds.append((mention.capitalised, mention.kind))
            if mention.signed and (target.signed is None or target.signed.year is None):
                target.signed = mention.signed
            target.effective = target.effective or mention.effective
            target.review = target.review or mention.review
            for text in _window(doc, mention, stop, repeat):
                target.fields.update(fields_of(text))
            _signatories(mention, people_names, target)
    _review_rhythm(doc, agreements)
    return _fold_into_multilateral(agreements)


def _fold_into_multilateral(agreements: list[Agreement]) -> list[Agreement]:
    """A headline naming the same document among fewer of its parties ("Hà Tĩnh triển khai Biên bản Hội
    nghị cấp cao … giữa các tỉnh 3 nước") is the multilateral agreement, not a bilateral one of its own."""
    out = []
    for a in agreements:
        kinds = {k for _, k in a.kinds}
        host = next(
            (
                b
                for b in agreements
                if b is not a
                and len(b.parties) >= 3
                and set(a.parties) < set(b.parties)
                and kinds & {k for _, k in b.kinds}
            ),
            None,
        )
        if host is None or a.period is not None or a.signed is not None:
            out.append(a)
            continue
        host.fields |= a.fields
        host.first = min(host.first, a.first)
    return out


def _review_rhythm(doc: Document, agreements: list[Agreement]) -> None:
    """ "Định kỳ hai năm một lần, hai bên tổ chức họp …" in a later sentence sets the rhythm of the
    agreement named last before it."""
    for sent in doc.body:
        if "lần" not in sent.text and "ịnh kỳ" not in sent.text:
            continue  # cheap test before the pattern: most sentences set no rhythm
        m = _REVIEW_RE.search(sent.text)
        if not m:
            continue
        before = [a for a in agreements if a.first <= sent.start]
        if before:
            target = max(before, key=lambda a: a.last)
            target.review = target.review or (1 if m["yearly"] else parse_count(m["n"]))


def _find_target(agreements: list[Agreement], mention: Mention, parties: list[str]) -> Agreement | None:
    same = [a for a in agreements if a.parties == parties]
    if mention.period is not None:
        # A bare earlier naming of the same kind ("… ký kết Thỏa thuận hợp tác" in a headline) is this one.
        return next((a for a in same if a.period == mention.period), None) or next(
            (
                a
                for a in same
                if a.period is None and a.signed is None and mention.kind in {k for _, k in a.kinds}
            ),
            None,
        )
    if mention.signed is not None and mention.signed.year is not None:
        year = mention.signed.year
        for a in same:
            if a.signed is not None and a.signed.year == year:
                return a
            if a.period is not None and a.period[0] - 1 <= year <= a.period[1] and a.signed is None:
                return a
        return None
    last = max(same, key=lambda a: a.last, default=None)
    if last is not None and mention.capitalised and mention.kind:
        titled = {k for capitalised, k in last.kinds if capitalised}
        if titled and mention.kind not in titled:
            return None  # a "Thỏa thuận hợp tác" after a "Biên bản ghi nhớ": two documents, not one
    return last


def _signatories(mention: Mention, people: list[tuple[int, str]], target: Agreement) -> None:
    s = mention.sentence
    sign = _SIGN_RE.search(s.text)
    if not sign:
        return
    cut = s.start + sign.start()
    for pos, name in people:
        # The signers are the subject of "ký": no "cho biết" (someone reporting) between them and the verb.
        between = doc_text_between(s, pos, cut)
        if s.start <= pos < cut and not _REPORTING.search(between) and name not in target.signatories:
            target.signatories.append(name)


def doc_text_between(sent: Sentence, start: int, end: int) -> str:
    """The sentence's text between two document offsets."""
    return sent.text[max(0, start - sent.start) : max(0, end - sent.start)]


def fill_signing_year(
    signed: DateMention | None, effective: DateMention | None, ref_year: int | None
) -> str | None:
    """The signing date as ISO; a missing year comes from the effective date (a signing on 28/12 of an
    agreement in force from 01/1/2023 was in 2022) or from the article's dateline."""
    if signed is None:
        return None
    if signed.year is None and effective is not None and effective.year is not None and signed.month:
        later = (signed.month, signed.day or 0) > (effective.month or 0, effective.day or 0)
        signed = signed.with_year(effective.year - 1 if later else effective.year)
    elif signed.year is None:
        signed = signed.with_year(ref_year)
    return iso_date(signed.year, signed.month, signed.day)


def choose_kind(kinds: list[tuple[bool, str]]) -> str:
    """The kind named with a capital first (a title), else the first named; "other" if none."""
    for capitalised, kind in kinds:
        if capitalised:
            return kind
    return kinds[0][1] if kinds else "other"
