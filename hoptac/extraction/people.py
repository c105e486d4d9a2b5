"""Officials: titles ("Phó Chủ tịch UBND tỉnh Kon Tum") split from names ("Y Ngọc") and places.

Two shapes cover the genre: a title chain before the name ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Lê
Ngọc Tuấn") and an honorific, the name, then the titles ("ông Thanouxay Banxalith, Phó tỉnh trưởng tỉnh
Attapeu").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import finditer_quick
from .places import PlaceMention, country_of, resolve
from .titles import HEADS, ORG_WORDS, RANKS

_HEAD_PATTERN = r"(?<!\w)(?:(?:phó|nguyên|quyền)\s+)?(?:" + "|".join(HEADS) + r")(?!\w)"
_HEAD_RE = re.compile(_HEAD_PATTERN, re.IGNORECASE)
_HEAD_LOWER = re.compile(_HEAD_PATTERN)  # for scanning lower-cased text quickly
_ORG_RE = re.compile(
    r"(?:" + "|".join(re.escape(w) for w in sorted(ORG_WORDS, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)
_HONORIFIC_RE = re.compile(
    r"(?<!\w)(?:ông|bà|đồng chí|ngài|đ/c|anh|chị|(?P<rank>"
    + "|".join(RANKS)
    + r"))\s+(?=[A-ZĐ\u00c0-\u1ef8])",
    re.IGNORECASE,
)
# Where an honorific can start, in lower-cased text (see normalize.finditer_quick).
_HONORIFIC_QUICK = re.compile(
    r"\W(?:"
    + "|".join(re.escape(w) for w in ("ông", "bà", "đồng chí", "ngài", "đ/c", "anh", "chị", *RANKS))
    + r")\s"
)
_HEAD_QUICK = re.compile(r"\W(?:" + "|".join(re.escape(h) for h in HEADS) + ")")
# After a name, its titles follow a comma or a dash ("ông A - Phó Chủ tịch UBND tỉnh …", "ông A-Tỉnh trưởng").
_AFTER_NAME = re.compile(r"\s*(?:,|\s[-–]|[-–](?=[A-ZĐ\u00c0-\u1ef8]))\s*")
_HYPHEN_TITLE = re.compile(r"-(?=" + _HEAD_PATTERN[len(r"(?<!\w)") :] + ")", re.IGNORECASE)
_COUNTRIES = r"Lào|Việt Nam|Campuchia|Thái Lan|Trung Quốc|Nhật Bản|Hàn Quốc"
_COUNTRY = re.compile(rf"(?:{_COUNTRIES})(?!\w)")
_AT_COUNTRY = re.compile(
    rf"tại\s+(?:nước\s+)?(?:(?:CHDCND|CHND|Vương quốc|Cộng hòa)\s+)?(?P<country>{_COUNTRIES})?(?!\w)"
)
_DASH = re.compile(r"\s*[-–]\s*")
_COMMA = re.compile(r"\s*,\s*")
# Where a listed name may start: after a colon or a semicolon, or at the start of the sentence.
_LIST_HINT = re.compile(r"[:;–]| - ")
_LIST_ITEM = re.compile(
    r"(?:^|[:;]|\s(?:và|cùng))\s*(?:(?:[Ôô]ng|[Bb]à|[Đđ]ồng chí)\s+)?(?=[A-ZĐ\u00c0-\u1ef8])"
)
_NAME_TOKEN = re.compile(r"[^\W\d_][\w]*(?:-[^\W\d_][\w]*)*")
# ";" separates people in a list ("…, Chủ tịch UBND tỉnh A; Phó Chủ tịch B"), never two titles of one.
_SEP_RE = re.compile(r"\s*(?:,|kiêm)\s*")
_VN_HINT = re.compile(
    r"chủ tịch|ubnd|hđnd|ủy ban nhân dân|uỷ ban nhân dân|hội đồng nhân dân|(?<!\w)sở(?!\w)|tỉnh đoàn|thành đoàn",
    re.IGNORECASE,
)
_FOREIGN_HINT = re.compile(r"tỉnh trưởng|huyện trưởng|thống đốc|cách mạng lào|chính quyền", re.IGNORECASE)
_NOT_NAME = {
    w.casefold() for w in ("Trưởng", "Ủy", "Uỷ", "Đoàn", "Tỉnh", "Hội", "Ban", "Sở", "Bộ", "Đảng", "Trong")
}


# Words of _NOT_NAME that are also family names ("Đoàn Minh Tuấn"), read as names when a given name follows.
_SURNAMES = {"Đoàn"}
_GROUP_WORDS = re.compile(r" (?:Đại|Công|Thanh|Cấp|Kiểm|Liên|Đảng|Lãnh|Quân|Đoàn)(?!\w)")


def _name_follows(s: str, pos: int) -> bool:
    nxt = _NAME_TOKEN.match(s, pos + 1) if s[pos : pos + 1] == " " else None
    return nxt is not None and nxt.group()[0].isupper() and not _GROUP_WORDS.match(s, pos)


@dataclass
class Title:
    """One title of a chain, its span and the place it names (if any)."""

    text: str
    start: int
    end: int
    places: list[str] = field(default_factory=list)


@dataclass
class PersonMention:
    """A named official in one sentence."""

    name: str
    start: int
    end: int
    titles: list[Title]
    context_place: str | None = None


def _places_at(places: list[PlaceMention]) -> dict[int, PlaceMention]:
    return {p.start: p for p in places}


def _skip_space(s: str, pos: int) -> int:
    while pos < len(s) and s[pos] == " ":
        pos += 1
    return pos


def parse_title(s: str, pos: int, places: dict[int, PlaceMention]) -> Title | None:
    """The title that starts at pos, extended over body words and place names."""
    m = _HEAD_RE.match(s, pos)
    if not m:
        return None
    end = m.end()
    codes: list[str] = []
    while True:
        p = _skip_space(s, end)
        org = _ORG_RE.match(s, p)
        place = places.get(p)
        if place is not None and (org is None or place.end >= org.end()):
            codes.append(place.code)
            end = place.end
            close = re.match(r"\s*\(([^()]{2,40})\)", s[end:])
            if close and (end + close.start(1)) in places:  # "tỉnh Champasak (Lào)"
                end += close.end()
            continue
        named = _COUNTRY.match(s, p)
        if named and p > pos:  # "Phó Thủ tướng Lào Somsavad …": a country's name ends the title
            codes.append(resolve(named.group()) or "")
            end = named.end()
            continue
        at_place = _AT_COUNTRY.match(s, p) if codes else None
        if at_place:  # "Đại sứ quán Việt Nam tại (nước CHDCND) Lào"
            after = places.get(at_place.end())
            country = resolve(at_place["country"]) if at_place["country"] else None
            if country:
                codes.append(country)
                end = at_place.end("country")
                continue
            if after is not None:
                codes.append(after.code)
                end = after.end
                continue
        if org is not None:
            # "UBND tỉnh Đoàn Minh Tuấn": "tỉnh" ends the title and "Đoàn" starts a name; the youth union is
            # written "Tỉnh Đoàn" or "Tỉnh đoàn".
            word = org.group()
            if word[0].islower() and "Đoàn" in word:
                end = p + word.index(" ")
                break
            end = org.end()
            continue
        break
    return Title(s[pos:end], pos, end, codes)


def parse_chain(s: str, pos: int, places: dict[int, PlaceMention]) -> list[Title]:
    """Titles separated by commas or "kiêm": "Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"."""
    titles: list[Title] = []
    while True:
        title = parse_title(s, pos, places)
        if title is None:
            return titles
        titles.append(title)
        sep = _SEP_RE.match(s, title.end)
        if not sep or not _HEAD_RE.match(s, sep.end()):
            return titles
        pos = sep.end()


def parse_name(s: str, pos: int, places: dict[int, PlaceMention]) -> tuple[str, int] | None:
    """A personal name at pos: two to six capitalised words that are not a place or a title."""
    words: list[str] = []
    end = pos
    p = _skip_space(s, pos)
    while len(words) < 6:
        m = _NAME_TOKEN.match(s, p)
        if not m or p in places or _HEAD_RE.match(s, p):
            break
        token = m.group()
        cut = _HYPHEN_TITLE.search(s, m.start())
        cut = cut if cut and cut.start() < m.end() else None
        if cut:  # "Chan Dara-Tỉnh trưởng": the hyphen ends the name
            token = s[m.start() : cut.start()]
        if not token[0].isupper() or (len(token) > 1 and token.isupper()):
            break
        if token.casefold() in _NOT_NAME and not (
            not words and token in _SURNAMES and _name_follows(s, m.end())
        ):
            break
        words.append(token)
        end = m.start() + len(token)
        if cut:
            break
        if end < len(s) and s[end] == " ":
            p = end + 1
        else:
            break
    if len(words) < 2:
        return None
    return " ".join(words), end


def _has_head(lowered: str) -> bool:
    """_HEAD_LOWER.search(lowered), faster: a title that starts "phó …" has a match at its head too."""
    return next(finditer_quick(_HEAD_LOWER, lowered, _HEAD_QUICK, lowered), None) is not None


def find_people(s: str, places: list[PlaceMention]) -> list[PersonMention]:
    """Officials named in one sentence (offsets are into the sentence)."""
    at = _places_at(places)
    out: list[PersonMention] = []
    used: set[int] = set()
    lowered = s.lower()
    for m in finditer_quick(_HONORIFIC_RE, s, _HONORIFIC_QUICK, lowered):
        name = parse_name(s, m.end(), at)
        if not name:
            continue
        text, end = name
        titles: list[Title] = []
        sep = _AFTER_NAME.match(s, end)
        if sep:
            chain_at = sep.end()
            chain = parse_chain(s, chain_at, at)
            if chain and not parse_name(s, chain[-1].end, at):
                titles = chain
                used.update(t.start for t in chain)
        if not titles:
            # "Chủ tịch UBND tỉnh, ông Nguyễn Văn A": the chain stands before the honorific.
            before = s[: m.start()].rstrip()
            if before.endswith(","):
                for t in _chains(s[: len(before) - 1], at):
                    if t[-1].end == len(before) - 1:
                        titles = t
                        used.update(x.start for x in t)
        if m["rank"]:
            titles = [Title(m["rank"], m.start(), m.start() + len(m["rank"])), *titles]
        out.append(PersonMention(text, m.end(), end, titles))
    if len(lowered) == len(s) and not _has_head(lowered):
        _set_context(out, places, s)  # no title in the sentence: only the honorifics name anyone
        return out
    named = {p.start for p in out}
    for item in _LIST_ITEM.finditer(s) if _LIST_HINT.search(s) else ():
        # "các ông: A - Phó Chủ tịch …; B - Giám đốc …": a name, a dash, then the titles.
        name = parse_name(s, item.end(), at)
        if not name or item.end() in named:
            continue
        dash = _DASH.match(s, name[1]) or _COMMA.match(s, name[1])
        chain = parse_chain(s, dash.end(), at) if dash else []
        if chain:
            used.update(t.start for t in chain)
            named.add(item.end())
            out.append(PersonMention(name[0], item.end(), name[1], chain))
    for chain in _chains(s, at):
        if chain[0].start in used:
            continue
        after = _DASH.match(s, chain[-1].end)  # "Tỉnh trưởng tỉnh Prey Veng - Chea Somethy"
        name = parse_name(s, chain[-1].end, at) or (parse_name(s, after.end(), at) if after else None)
        if name:
            text, end = name
            out.append(PersonMention(text, chain[0].start, end, chain))
    _set_context(out, places, s)
    return out


def _set_context(out: list[PersonMention], places: list[PlaceMention], s: str) -> None:
    """Each person's place from the sentence: the unit named last before them, else the first after."""
    starts = sorted(p.start for p in out)
    for person in out:
        earlier = [p for p in places if p.end <= person.start and p.is_unit]
        if earlier:
            person.context_place = earlier[-1].code
            continue
        # "ông A - Phó Bí thư tỉnh ủy phụ trách … tỉnh B và ông C": a unit named after the titles, before the
        # next person, is this person's.
        stop = min([x for x in starts if x > person.start] + [len(s)])
        later = [p for p in places if person.end <= p.start < stop and p.is_unit]
        person.context_place = later[0].code if later else None


def _chains(s: str, at: dict[int, PlaceMention]) -> list[list[Title]]:
    chains: list[list[Title]] = []
    covered_to = -1
    lowered = s.lower()
    for m in (_HEAD_LOWER if len(lowered) == len(s) else _HEAD_RE).finditer(
        lowered if len(lowered) == len(s) else s
    ):
        if m.start() < covered_to:
            continue
        chain = parse_chain(s, m.start(), at)
        if chain:
            chains.append(chain)
            covered_to = chain[-1].end
    return chains


def title_country(titles: list[str]) -> str | None:
    """ "VN" when the titles are Vietnamese offices, "foreign" for Lao/Cambodian/Thai ones, else None."""
    joined = " | ".join(titles)
    if _FOREIGN_HINT.search(joined):
        return "foreign"
    if _VN_HINT.search(joined):
        return "VN"
    return None


def locality_of(titles: list[Title], context: str | None, defaults: dict[str, str | None]) -> str | None:
    """The place a person belongs to: from their titles, else the sentence before them, else the
    article's party of the matching side."""
    units = [c for t in titles for c in t.places if "-" in c]
    if units:
        return units[-1]
    side = title_country([t.text for t in titles])
    countries = [c for t in titles for c in t.places]
    if countries:
        # An official of a national body (an embassy, a ministry) belongs to the country named first:
        # "Tham tán Đại sứ quán Việt Nam tại Lào" → VN.
        return countries[0]
    if context and (side is None or (side == "VN") == (country_of(context) == "VN")):
        return context
    if side is not None:
        return defaults.get(side) or (countries[-1] if countries else None)
    return countries[-1] if countries else None


def vietnamese_name(name: str) -> bool:
    """False for a romanised foreign name ("Kim Jong Seog", "Muraoka Tsugumasa"): no Vietnamese letter in
    it. Lao and Khmer names written the Vietnamese way ("Phút Phăn") count as written in Vietnamese."""
    return any(not ch.isascii() for ch in name)
