"""Events: visits, review conferences, signings and meetings with their date, parties, place and status."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .dates import DateMention, find_dates
from .document import Document
from .normalize import Sentence
from .places import PlaceMention, country_of, index

_TRIGGERS = [
    (
        "review_conference",
        re.compile(
            r"(?:hội\s+nghị|lễ|buổi|cuộc\s+họp)\s+(?:sơ\s+kết|tổng\s+kết)|hội\s+nghị\s+đánh\s+giá"
            r"|họp\s+(?:để\s+)?đánh\s+giá\s+(?:tình\s+hình|kết\s+quả)\s+thực\s+hiện"
        ),
    ),
    (
        "signing",
        re.compile(r"lễ\s+ký\s+kết|(?<!đã\s)ký\s+kết\s+(?:bản|biên|thỏa|thoả|chương)"),
    ),
    (
        "visit",
        re.compile(
            r"(?:đến|sang|tới)\s+thăm|thăm\s+và\s+làm\s+việc\s+(?:tại|với)|chuyến\s+thăm|thăm\s+chính\s+thức"
            # "Chủ tịch UBND tỉnh A tiếp đoàn đại biểu tỉnh B": B's delegation visits A.
            r"|tiếp\s+(?:và\s+làm\s+việc\s+với\s+)?(?:phái\s+)?đoàn(?!\s+kết)"
        ),
    ),
    ("meeting", re.compile(r"hội\s+đàm|tiếp\s+(?:đoàn|xã\s+giao)|làm\s+việc\s+với")),
    ("conference", re.compile(r"(?:diễn\s+ra|tổ\s+chức|khai\s+mạc|dự)\s+hội\s+nghị")),
]
# A word each trigger of a kind contains: a substring test before the pattern runs.
_TRIGGER_WORDS = {
    "review_conference": ("kết", "đánh"),
    "signing": ("ký",),
    "visit": ("thăm", "tiếp"),
    "meeting": ("đàm", "tiếp", "việc"),
    "conference": ("nghị",),
}
# A conference or talks whose sentence, or the next one, says they assess how the agreements were carried
# out ("Hội nghị tập trung đánh giá tình hình thực hiện các thỏa thuận …") is a review.
_ASSESSES = re.compile(
    r"đánh\s+giá\s+(?:\S+\s+){0,3}?(?:kết\s+quả|tình\s+hình)\s+(?:\S+\s+){0,2}?(?:thực\s+hiện|hợp\s+tác)"
    r"|(?:sơ|tổng)\s+kết\s+(?:\S+\s+){0,3}?(?:thực\s+hiện|hợp\s+tác)",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"(?:Hội\s+nghị|Hội\s+đàm|Tại\s+(?:buổi\s+|cuộc\s+)?(?:hội\s+nghị|hội\s+đàm|làm\s+việc)|Buổi\s+hội\s+đàm)\W+"
)
_GOES_ON = re.compile(r"(?:Đồng\s+thời|Hai\s+bên|Các\s+bên|Bên\s+cạnh\s+đó|Ngoài\s+ra)\b")
_REVIEWABLE = frozenset({"conference", "meeting"})
# A cheap first look on lower-cased text before the full patterns run.
_ANY_TRIGGER = re.compile(r"sơ kết|tổng kết|đánh giá|ký kết|thăm|hội đàm|tiếp|làm việc|hội nghị")
_PLANNED = re.compile(
    r"(?<!\w)(?:sẽ|dự\s+kiến|thống\s+nhất|kế\s+hoạch|chuẩn\s+bị|tiến\s+tới|trong\s+thời\s+gian\s+tới)(?!\w)",
    re.IGNORECASE,
)
# An undated plan is recorded only when the text says the event will be held or made.
_ARRANGED = re.compile(
    r"sẽ\s+(?:\S+\s+){0,2}?(?:tổ\s+chức|sang|đến|thăm)|thống\s+nhất\s+(?:\S+\s+){0,2}?tổ\s+chức"
)
_TOPIC = re.compile(r"(?:về\s+việc|việc|về|tiến\s+tới|chuẩn\s+bị\s+cho)\s+$")
_BOTH_SIDES = re.compile(r"hai tỉnh|hai bên|các bên|hai địa phương|ba tỉnh|đoàn bạn|tỉnh bạn")
# Where an event happens: "tại …", or the side a delegation goes to ("sang thăm tỉnh …").
_AT = re.compile(
    r"(?<!\w)(?:tại|(?:sang|đến|tới|chuyến)\s+thăm(?:(?:\s+và|,)\s+làm\s+việc\s+(?:tại|với))?)\s+",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r";")
# A delegation that travels to hold a review or a signing is that event, not a separate visit.
_SUPERSEDES = {
    "visit": ("review_conference", "signing"),
    # Talks held with a signing stay: they may be the review of the cooperation (see _reviews).
    "meeting": ("review_conference", "visit"),
    "conference": ("review_conference", "meeting"),
}


@dataclass
class Event:
    """An event found in one clause."""

    kind: str
    date: DateMention
    parties: list[str]
    place: str | None
    status: str
    sentence: Sentence
    start: int
    end: int


def _happens(rx: re.Pattern[str], lowered: str) -> bool:
    """The trigger names an event, not a topic: "trao đổi về việc ký kết Biên bản …" is no signing."""
    return any(not _TOPIC.search(lowered, max(0, m.start() - 16), m.start()) for m in rx.finditer(lowered))


def _occurrences(
    clause: str, a: int, b: int, dates: list[DateMention]
) -> list[tuple[str, re.Match[str], tuple[int, int]]]:
    """Each kind's first trigger in the clause, with the clause as its span; a kind named more than once
    ("chuyến thăm A (tháng 12/2019) và chuyến thăm B (tháng 9/2017)") gives one event per mention followed
    by a date of its own, each spanning to the next mention (none so dated: the first, over the clause)."""
    out = []
    for kind, rx in _TRIGGERS:
        found = list(rx.finditer(clause))
        spans = [
            (m, (a + m.start(), a + found[i + 1].start() if i + 1 < len(found) else b))
            for i, m in enumerate(found)
        ]
        dated = [(m, span) for m, span in spans if any(span[0] <= d.start < span[1] for d in dates)]
        if len(found) > 1 and dated:
            out += [(kind, m, span) for m, span in dated]
        elif found:
            out.append((kind, found[0], (a, b)))
    return out


def _clauses(sent: Sentence) -> list[tuple[int, int]]:
    bounds = [0] + [m.end() for m in _CLAUSE.finditer(sent.text)] + [len(sent.text) + 1]
    return [(bounds[i], bounds[i + 1] - 1) for i in range(len(bounds) - 1)]


def find_events(doc: Document) -> list[Event]:
    """Dated events in the article's prose; an event with no date in its sentence is not recorded."""
    out: list[Event] = []
    for sent in doc.body:
        s = sent.text
        lowered = s.lower()
        if not _ANY_TRIGGER.search(lowered):
            continue
        if len(lowered) != len(s):
            lowered = s  # a rare letter whose lower case changes length: keep offsets right
        kinds_in_sentence = {
            k for k, rx in _TRIGGERS if any(w in lowered for w in _TRIGGER_WORDS[k]) and _happens(rx, lowered)
        }
        if not kinds_in_sentence:
            continue
        dates = find_dates(s)
        planned_sentence = bool(_PLANNED.search(s))
        if not dates and not planned_sentence:
            continue  # a past event the text does not date is not recorded; a planned one may be undated
        for a, b in _clauses(sent):
            clause = lowered[a:b]
            clause_dates = [d for d in dates if a <= d.start < b]
            for kind, m, (lo, hi) in _occurrences(clause, a, b, clause_dates):
                if _TOPIC.search(clause, max(0, m.start() - 16), m.start()):
                    continue
                if any(k in kinds_in_sentence for k in _SUPERSEDES.get(kind, ())):
                    continue
                own = [d for d in clause_dates if lo <= d.start < hi]
                candidates = own or clause_dates or [d for d in dates if d.start < a + m.start()]
                if candidates:
                    date = candidates[0].with_year(
                        _years_after_signing(s, dates) or doc.ref_year or _year_named(dates)
                    )
                elif planned_sentence and _ARRANGED.search(clause):
                    date = DateMention(a + m.start(), a + m.end(), None)  # "sẽ tổ chức hội nghị …": no date
                else:
                    continue
                codes = [p.code for p in doc.places_in(sent.start + lo, sent.start + hi)]
                codes = (
                    codes
                    if len(codes) > 1 or lo == a
                    else [p.code for p in doc.places_in(sent.start + a, sent.start + b)]
                )
                if not codes:
                    codes = [p.code for p in doc.places_in(sent.start, sent.end)]
                if not _cooperative(doc, sent, codes, lowered):
                    continue
                place = _place(doc, sent, lo, hi) or _place(doc, sent, a, b)
                if place is None and kind == "visit" and m.group().startswith("tiếp"):
                    place = _host(doc, doc.places_in(sent.start + a + m.end(), sent.start + b))
                # A year the text itself gives after the dateline's is a plan; one inferred here is not.
                written = candidates[0].year if candidates else None
                planned = planned_sentence or (
                    written is not None and doc.ref_year is not None and written > doc.ref_year
                )
                out.append(
                    Event(
                        kind,
                        date,
                        doc.complete(codes),
                        place,
                        "planned" if planned else "held",
                        sent,
                        sent.start + a,
                        sent.start + b,
                    )
                )
    _reviews(doc, out)
    # A delegation that travels to sign or to review is that event, not a visit besides.
    if not any(e.kind in ("visit", "review_conference", "signing") for e in out):
        out += _undated_visit(doc)
    return _dedupe(out)


_THIS_VISIT = re.compile(r"(?<!\w)[Cc]huyến\s+thăm\s+(?:và\s+làm\s+việc\s+)?(?:lần\s+này|này)(?!\w)")
_HEAD_VISIT = re.compile(r"(?<!\w)thăm(?!\s+(?:hỏi|dò))(?!\w)", re.IGNORECASE)
_DELEGATION_OF = re.compile(
    r"(?<!\w)[Đđ]oàn\s+(?:công\s+tác\s+|đại\s+biểu\s+)?(?:cấp\s+cao\s+)?(?:của\s+)?(?:tỉnh|thành\s+phố)\s+$"
)


def _host(doc: Document, visitors: list[PlaceMention]) -> str | None:
    """Where a delegation from the first of these places went: the article's party on the other side."""
    if not visitors:
        return None
    home = country_of(visitors[0].code) == "VN"
    return next((c for c in doc.main_parties() if (country_of(c) == "VN") != home), None)


def _headline(doc: Document) -> Sentence | None:
    """The article's title: the first line that is not its address and not prose."""
    for sent in doc.sentences[:3]:
        if sent.kind != "body" and not sent.text.startswith("http"):
            return sent
    return None


def _undated_visit(doc: Document) -> list[Event]:
    """The visit an article reports without dating it: its title says so ("Lãnh đạo tỉnh A thăm và chúc
    Tết tỉnh B") or its text speaks of "chuyến thăm lần này". The place is what the title names after
    "thăm", else the side whose delegation is not the one named ("gặp lại Đoàn tỉnh A": A came)."""
    parties = doc.main_parties()
    vn = [c for c in parties if country_of(c) == "VN"]
    if len(parties) < 2 or not vn:
        return []
    title = _headline(doc)
    sent: Sentence | None = None
    place: str | None = None
    m = _HEAD_VISIT.search(title.text) if title is not None and not _PLANNED.search(title.text) else None
    if title is not None and m:
        sent = title
        # Page furniture is not searched for places when the article is prepared: look in the title here.
        after = [x for x in index().find(title.text) if x.is_unit and x.start >= m.end()]
        place = after[0].code if after else None
    else:
        sent = next((x for x in doc.body if _THIS_VISIT.search(x.text) and not _PLANNED.search(x.text)), None)
        if sent is None:
            return []
    if place is None:
        place = _host(
            doc,
            [
                p
                for x in doc.body_and_captions
                for p in doc.places_in(x.start, x.end)
                if _DELEGATION_OF.search(doc.text, max(0, p.start - 50), p.start)
            ],
        )
    return [
        Event(
            "visit",
            DateMention(sent.start, sent.start, None),
            parties,
            place,
            "held",
            sent,
            sent.start,
            sent.end,
        )
    ]


_YEARS_OF = re.compile(r"(?:sơ|tổng)\s+kết\s+(?P<n>\d{1,2})\s+năm\s+(?:thực\s+hiện|hợp\s+tác)", re.IGNORECASE)
_SIGNED_ON = re.compile(r"ký(?:\s+kết)?(?:\s+vào)?(?:\s+(?:ngày|năm|tháng))?\s*$", re.IGNORECASE)
_DAY_WORD = re.compile(r"(?:ngày|năm|tháng)\s+", re.IGNORECASE)


def _years_after_signing(s: str, dates: tuple[DateMention, ...]) -> int | None:
    """ "Hội nghị sơ kết 1 năm thực hiện thỏa thuận (ký kết ngày 14/05/2018)": held in 2018 + 1."""
    m = _YEARS_OF.search(s)
    if not m:
        return None
    for d in dates:
        # The mention may start with its own "ngày"; the signing verb stands before that.
        word = _DAY_WORD.match(s, d.start)
        at = word.end() if word else d.start
        if d.year is not None and _SIGNED_ON.search(s, max(0, d.start - 20), at):
            return d.year + int(m["n"])
    return None


def _year_named(dates: tuple[DateMention, ...]) -> int | None:
    """Where the article has no dateline, the one year its sentence names ("Ngày 01/4, … Tết … năm 2023")."""
    years = {d.year for d in dates if d.year is not None and d.month is None}
    return years.pop() if len(years) == 1 else None


def _reviews(doc: Document, events: list[Event]) -> None:
    """Conferences and talks that assess the cooperation (in their sentence or the next) are reviews."""
    body = doc.body
    following = {id(a): b for a, b in pairwise(body)}
    for e in events:
        if e.kind not in _REVIEWABLE:
            continue
        if _ASSESSES.search(e.sentence.text) or any(
            _ASSESSES.search(x[:80]) for x in _said_at(e.sentence, following)
        ):
            e.kind = "review_conference"


def _said_at(sent: Sentence, following: dict[int, Sentence]) -> list[str]:
    """What the next few sentences say of the event: "Hội nghị tập trung …", "Tại hội đàm, … . Đồng thời
    cũng đánh giá …" (a list of who attended may stand between)."""
    out: list[str] = []
    nxt = following.get(id(sent))
    inside = False
    for _ in range(4):
        if nxt is None:
            break
        lead = _lead(nxt.text)
        if lead:
            inside = True
            out.append(lead)
        elif inside and _GOES_ON.match(nxt.text):
            out.append(nxt.text)
        else:
            inside = False
        nxt = following.get(id(nxt))
    return out


def _lead(text: str) -> str:
    """What a sentence that starts by naming the event ("Hội nghị tập trung …", "Tại buổi hội đàm, …")
    goes on to say; empty for any other sentence."""
    m = _LEAD.match(text)
    return text[m.end() :] if m else ""


def _cooperative(doc: Document, sent: Sentence, codes: list[str], lowered: str) -> bool:
    """An event of the parties' cooperation: it names one of the article's main parties, or speaks of
    "hai tỉnh" / "hai bên" without naming other places. A visit of a Vietnamese unit to a Vietnamese
    commune, or a story about other countries, is not one."""
    main = set(doc.main_parties())
    if any(c in main for c in codes):
        return True
    if codes or doc.places_in(sent.start, sent.end, units_only=False):
        return False
    return bool(_BOTH_SIDES.search(lowered))


def _place(doc: Document, sent: Sentence, a: int, b: int) -> str | None:
    """The province after "tại" in the clause: "tại Hội trường Ngọc Linh, thành phố Kon Tum" → VN-28."""
    for m in _AT.finditer(sent.text, a, b):
        # "chuyến thăm tỉnh A" names where; "chuyến thăm và làm việc của lãnh đạo A" names who.
        reach = 20 if m.group()[:1] in "cC" else 60
        near = doc.places_in(
            sent.start + m.end(), min(sent.start + m.end() + reach, sent.start + b), units_only=False
        )
        if near and not near[0].is_unit:
            # "chuyến thăm và làm việc tại Nhật Bản, … tỉnh Yamaguchi": the unit of that country in the clause.
            country = near[0].code
            inside = [
                p for p in doc.places_in(sent.start + a, sent.start + b) if country_of(p.code) == country
            ]
            if inside:
                return inside[0].code
            near = near[1:]
        near = [p for p in near if p.is_unit]
        if near:
            return near[0].code
    return None


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[tuple[str, str | None, tuple[str, ...], str]] = set()
    out = []
    for e in events:
        key = (e.kind, e.date.iso(), tuple(e.parties), e.status)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
