"""Figures (reported quantities) and commitments (quantified promises) from the article's prose."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .dates import Period, find_periods
from .document import Document
from .normalize import Sentence, finditer_at
from .numbers import (
    NUMBER,
    NUMBER_WORDS,
    SCALE,
    Amount,
    find_amounts,
    number_starts,
    parse_count,
    parse_number,
    scale_of,
)
from .places import country_of

_BORDER = re.compile(r"xuất,?\s*nhập\s+cảnh|xuất\s+nhập\s+cảnh|qua\s+cửa\s+khẩu|cửa\s+khẩu", re.IGNORECASE)
_INVEST = re.compile(r"đầu\s+tư", re.IGNORECASE)
_SCHOLAR = re.compile(r"học\s+bổng", re.IGNORECASE)
# Students from the partner are counted as scholarships when they are trained or taken in.
_STUDENTS = re.compile(r"học\s+bổng|đào\s+tạo|tiếp\s+nhận", re.IGNORECASE)

# Counted nouns after a number: (pattern, metric, commitment unit, context the sentence must have).
_NOUNS: list[tuple[str, str, str, re.Pattern[str] | None]] = [
    (r"(?:suất\s+|chỉ\s+tiêu\s+)?học\s+bổng", "scholarships_awarded", "scholarship", None),
    (r"(?:lưu|du)\s+học\s+sinh", "scholarships_awarded", "scholarship", _STUDENTS),
    (r"(?:giáo\s+viên|giảng\s+viên)", "teachers_seconded", "teacher", None),
    (r"(?:bộ\s+)?hài\s+cốt", "remains_repatriated", "other", None),
    (r"lượt\s+(?:khách|người)\s+(?:xuất|nhập)", "border_crossings_people", "person", None),
    (r"lượt\s+(?:phương\s+tiện|xe)", "border_crossings_vehicles", "other", None),
    (r"lượt\s+khách", "border_crossings_people", "person", _BORDER),
    (
        r"lượt\s+(?:cán\s+bộ|người(?!\s+dân)|đại\s+biểu|thành\s+viên|đồng\s+chí)",
        "delegation_members",
        "person",
        None,
    ),
    (r"đoàn(?!\s+(?:viên|thanh\s+niên|thể|kết))", "delegations_exchanged", "other", None),
    (
        r"(?:cuộc\s+)?(?:hội\s+nghị|hội\s+đàm|hội\s+thảo|cuộc\s+họp|cuộc\s+làm\s+việc|buổi\s+làm\s+việc)",
        "conferences_held",
        "other",
        None,
    ),
    (
        r"(?:văn\s+kiện|văn\s+bản\s+hợp\s+tác|thỏa\s+thuận|thoả\s+thuận|bản\s+ghi\s+nhớ)",
        "documents_signed",
        "other",
        None,
    ),
    (r"doanh\s+nghiệp", "enterprises_investing", "other", _INVEST),
    (r"dự\s+án", "investment_projects", "other", _INVEST),
    (r"(?:cán\s+bộ|học\s+viên|sinh\s+viên|người)", "other", "person", None),
]
_COUNT_RE = re.compile(
    rf"(?P<num>{NUMBER}(?:\s*(?P<scale>{SCALE})(?!\w))?|{NUMBER_WORDS})\s*(?:{'|'.join(f'(?P<n{i}>{p})' for i, (p, *_) in enumerate(_NOUNS))})(?!\w)",
)
_NOUN_HINT = re.compile(
    r"học|giáo viên|giảng viên|hài cốt|lượt|đoàn|hội|cuộc|văn|th[oỏ][aả]|ghi nhớ|doanh|dự án|người"
)
_ANY_DIGIT = re.compile(r"\d")
# Money and percentages take the metric named nearest before them.
_KEYWORDS = re.compile(
    r"(?P<trade_turnover>kim\s+ngạch\s+(?:xuất,?\s*nhập\s+khẩu|thương\s+mại|trao\s+đổi|hai\s+chiều)"
    r"|xuất,?\s*nhập\s+khẩu|kim\s+ngạch|thương\s+mại\s+hai\s+chiều)"
    r"|(?P<exports>xuất\s+khẩu)|(?P<imports>nhập\s+khẩu)"
    r"|(?P<investment_capital>vốn\s+(?:đầu\s+tư|đăng\s+ký)|tổng\s+vốn|số\s+vốn)"
    r"|(?P<budget_revenue>thu\s+ngân\s+sách)"
    r"|(?P<grdp_growth>tăng\s+trưởng\s+(?:kinh\s+tế|GRDP)|GRDP)"
    r"|(?P<aid_value>viện\s+trợ|hỗ\s+trợ|ủng\s+hộ|trao\s+tặng|trao(?!\s+đổi)|tặng|kinh\s+phí|bàn\s+giao)",
    re.IGNORECASE,
)
_AID_AFTER = re.compile(r"\s*(?:để\s+)?(?:viện\s+trợ|hỗ\s+trợ|ủng\s+hộ)", re.IGNORECASE)
_MONEY_METRICS = {"trade_turnover", "exports", "imports", "investment_capital", "budget_revenue", "aid_value"}
_FUTURE = re.compile(
    r"(?<!\w)(?:sẽ|tiếp\s+tục|dành|cam\s+kết|dự\s+kiến|hứa|trong\s+thời\s+gian\s+tới)(?!\w)", re.IGNORECASE
)
_EQUIVALENT = re.compile(
    r"(?:tương\s+đương|tức\s+là|tức|quy\s+đổi)\s*(?:với\s+)?(?:khoảng\s+|gần\s+|hơn\s+)?$", re.IGNORECASE
)
_TARGET = re.compile(r"(?<!\w)(?:phấn\s+đấu|mục\s+tiêu|chỉ\s+tiêu)(?!\w)", re.IGNORECASE)
_PAST = re.compile(r"(?<!\w)đã(?!\w)", re.IGNORECASE)
_LOOKS_BACK = re.compile(r"(?<!\w)(?:năm|thời\s+gian|giai\s+đoạn)\s+(?:vừa\s+)?qua(?!\w)", re.IGNORECASE)
_FOR = re.compile(r"(?<!\w)cho(?!\w)", re.IGNORECASE)
_GIVE = re.compile(
    r"(?<!\w)(?:hỗ\s+trợ|viện\s+trợ|dành|trao(?:\s+tặng)?|tặng|cấp|cử|tiếp\s+nhận|ủng\s+hộ|đào\s+tạo)(?!\w)",
    re.IGNORECASE,
)
_OBJECT_GAP = re.compile(r"\s+(?:cho\s+)?(?:tỉnh\s+|nhân\s+dân\s+|chính\s+quyền\s+)?", re.IGNORECASE)
_YEAR_OF_RESULT = re.compile(
    r"(?:^|[,;:]\s*|(?<!\w)(?:[Tt]rong|[Cc]ả|[Rr]iêng|[Tt]ính\s+riêng)\s+)[Nn]ăm\s+(?P<y>(?:19|20)\d\d)(?!\d)(?!\s*[-–]\s*\d)"
)
_IN_YEAR = re.compile(r"(?<!\w)trong\s+năm\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.IGNORECASE)


@dataclass
class Figure:
    """A reported quantity with its evidence."""

    metric: str
    value: float
    unit: str
    scope: list[str]
    period_start: str | None
    period_end: str | None
    sentence: Sentence
    start: int
    end: int


@dataclass
class Commitment:
    """A quantified promise: who gives how much of what to whom, over which years."""

    giver: str | None
    receiver: str | None
    quantity: float
    unit: str
    start_year: int | None
    end_year: int | None
    sentence: Sentence
    start: int
    end: int


def _count(num: str, scale: str | None) -> int | None:
    """ "1,2 triệu lượt khách" → 1 200 000; "mười lăm suất" → 15."""
    if not scale:
        return parse_count(num.strip())
    value = parse_number(num[: num.lower().rindex(scale.lower())].strip())
    return None if value is None else round(value * scale_of(scale))


def _clause_bounds(s: str, pos: int) -> tuple[int, int]:
    a = s.rfind(";", 0, pos) + 1
    b = s.find(";", pos)
    return a, len(s) if b < 0 else b


def _period(doc: Document, periods: Sequence[Period], pos: int, s: str) -> tuple[str | None, str | None]:
    before = [p for p in periods if p.start <= pos and not p.labelled] or [
        p for p in periods if not p.labelled
    ]
    if not before:
        # "Năm 2024, kim ngạch … đạt …", "Trong năm 2023, …": the results of that one year.
        years = [m["y"] for m in _YEAR_OF_RESULT.finditer(s, 0, pos)]
        return (years[-1], years[-1]) if years else (None, None)
    p = before[-1]
    last = p.last
    if p.until_now and doc.published:
        last = doc.published[:7]
    return p.first, last


def _scope(doc: Document, sent: Sentence) -> list[str]:
    codes = sorted({p.code for p in doc.places_in(sent.start, sent.end)})
    if codes:
        return codes
    # Else the province named last before it in the same paragraph ("… của tỉnh. Trong 8 tháng …").
    earlier = doc.places_in(_paragraph_start(doc, sent), sent.start)
    return [earlier[-1].code] if earlier else doc.main_parties()


def _money_metric(s: str, amount: Amount, floor: int) -> str:
    best: tuple[int, str] | None = None
    for m in _KEYWORDS.finditer(s, max(floor, amount.start - 120), amount.start):
        name = next(k for k, v in m.groupdict().items() if v)
        if best is None or m.end() > best[0]:
            best = (m.end(), name)
    if best is None:
        # "trao 3 tỷ đồng hỗ trợ xây trường": the aid word may follow the sum.
        after = _AID_AFTER.match(s, amount.end)
        return "aid_value" if after and amount.unit not in ("percent", "count") else "other"
    name = best[1]
    if name == "grdp_growth":
        return name if amount.unit == "percent" else "other"
    if name in _MONEY_METRICS:
        return name if amount.unit not in ("percent", "count") else "other"
    return "other"


def find_quantities(doc: Document) -> tuple[list[Figure], list[Commitment]]:
    """Figures and commitments from the body (never captions or other stories)."""
    figures: list[Figure] = []
    commitments: list[Commitment] = []
    for sent in doc.body:
        s = sent.text
        periods = find_periods(s)
        scope: list[str] | None = None
        taken: list[tuple[int, int]] = []
        lowered = s.lower()
        if not _NOUN_HINT.search(lowered) and not _ANY_DIGIT.search(s):
            continue
        # The count pattern runs on lower-cased text: a case-insensitive Unicode pattern is much slower.
        counted = lowered if len(lowered) == len(s) else s
        for m in finditer_at(_COUNT_RE, counted, number_starts(counted)):
            index = next(
                int(k[1:]) for k, v in m.groupdict().items() if v and k.startswith("n") and k[1:].isdigit()
            )
            _, metric, unit, needs = _NOUNS[index]
            count = _count(m["num"], m["scale"])
            if count is None or count == 0 or (needs is not None and not needs.search(s)):
                continue
            if metric in ("enterprises_investing", "investment_projects") and not _INVEST.search(
                s[m.end() : m.end() + 80] + s[max(0, m.start() - 80) : m.start()]
            ):
                continue
            if metric == "delegation_members" and _BORDER.search(s):
                metric = "border_crossings_people"
            taken.append((m.start(), m.end()))
            a, b = _clause_bounds(s, m.start())
            commitment = _as_commitment(doc, sent, s, m.start(), m.end(), a, b, count, unit, periods)
            if commitment is not None and unit in ("scholarship", "teacher", "person"):
                commitments.append(commitment)
                continue
            scope = scope if scope is not None else _scope(doc, sent)
            first, last = _period(doc, periods, m.start(), s)
            figures.append(
                Figure(
                    metric,
                    count,
                    "count",
                    scope,
                    first,
                    last,
                    sent,
                    sent.start + m.start(),
                    sent.start + m.end(),
                )
            )
        for amount in find_amounts(s):
            if amount.unit == "count" or any(x <= amount.start < y for x, y in taken):
                continue
            if _EQUIVALENT.search(s, max(0, amount.start - 20), amount.start):
                continue  # "1.150 tỷ đồng (tương đương 47,3 triệu USD)" is one figure, in the first currency
            if _TARGET.search(s, _clause_bounds(s, amount.start)[0], amount.start):
                continue  # "phấn đấu đạt 3 tỷ USD vào năm 2025" is a target, not a result
            a, _ = _clause_bounds(s, amount.start)
            metric = _money_metric(s, amount, a)
            if metric == "aid_value":
                commitment = _as_commitment(
                    doc,
                    sent,
                    s,
                    amount.start,
                    amount.end,
                    a,
                    _clause_bounds(s, amount.start)[1],
                    amount.value,
                    amount.unit if amount.unit in ("USD", "VND") else "other",
                    periods,
                )
                if commitment is not None:
                    commitments.append(commitment)
                    continue
            scope = scope if scope is not None else _scope(doc, sent)
            first, last = _period(doc, periods, amount.start, s)
            figures.append(
                Figure(
                    metric,
                    amount.value,
                    amount.unit,
                    scope,
                    first,
                    last,
                    sent,
                    sent.start + amount.start,
                    sent.start + amount.end,
                )
            )
    return _once(figures), commitments


def _once(figures: list[Figure]) -> list[Figure]:
    """A quantity the text repeats ("lễ bàn giao 3 bộ hài cốt" in the lead and again in the body) is one
    figure: the mention that ties it to most places is kept."""
    best: dict[tuple[str, float, str, str | None, str | None], Figure] = {}
    for f in figures:
        key = (f.metric, float(f.value), f.unit, f.period_start, f.period_end)
        if f.metric == "other":
            best[(f.metric, float(len(best)), f.unit, None, None)] = f  # unscored: keep them all
        elif key not in best or len(f.scope) > len(best[key].scope):
            best[key] = f
    return sorted(best.values(), key=lambda f: f.start)


def _paragraph_start(doc: Document, sent: Sentence) -> int:
    return min(x.start for x in doc.sentences if x.paragraph == sent.paragraph)


def _as_commitment(
    doc: Document,
    sent: Sentence,
    s: str,
    start: int,
    end: int,
    a: int,
    b: int,
    quantity: float,
    unit: str,
    periods: Sequence[Period],
) -> Commitment | None:
    """A promise when the clause speaks of the future ("tiếp tục", "dành", "sẽ") and not of the past."""
    clause = s[a:b]
    if not _FUTURE.search(clause) or _PAST.search(s[a:start]):
        return None
    if all(m.group().lower().startswith("tiếp") for m in _FUTURE.finditer(clause)) and _LOOKS_BACK.search(
        doc.text, _paragraph_start(doc, sent), sent.start + start
    ):
        return None  # "Trong năm qua, … Tỉnh A tiếp tục cấp 62 suất học bổng": what continued, a result
    units = doc.places_in(sent.start + a, sent.start + b)
    # "A hỗ trợ B 5 tỷ đồng": the giver stands before the verb, the receiver between verb and amount.
    verbs = list(_GIVE.finditer(s, a, start))
    cut = sent.start + (verbs[-1].start() if verbs else start)
    # "A hỗ trợ B 100.000 USD … và tiếp nhận 10 lưu học sinh": B, the object of an earlier verb, gives nothing.
    objects = {
        p.start for p in units for v in verbs if _OBJECT_GAP.fullmatch(s[v.end() : p.start - sent.start])
    }
    before = [p.code for p in units if p.end <= cut and p.start not in objects]
    between = [p.code for p in units if cut <= p.start and p.end <= sent.start + start]
    after = [p.code for p in units if p.start >= sent.start + end]
    giver = before[-1] if before else None
    receiver = next((c for c in reversed(between) if c != giver), None)
    if receiver is None and _FOR.search(s, end, b):
        receiver = next((c for c in after if c != giver), None)
    if giver is None:
        giver = doc.main_vn[0] if doc.main_vn else None
    if receiver is None:
        others = [
            c
            for c in doc.main_parties()
            if c != giver and (giver is None or (country_of(c) == "VN") != (country_of(giver) == "VN"))
        ]
        receiver = others[0] if len(others) == 1 else None
    span = next((p for p in periods if a <= p.start < b), None)
    first, last = (span.first_year, span.last_year) if span else (None, None)
    if span is None:
        # "… trong năm 2024" or "Trong năm 2024, A sẽ …": a promise for one named year.
        one = _IN_YEAR.search(s, end, b) or _IN_YEAR.search(s, a, start)
        if one:
            first = last = int(one["y"])
    return Commitment(
        giver,
        receiver,
        quantity,
        unit,
        first,
        last,
        sent,
        sent.start + start,
        sent.start + end,
    )
