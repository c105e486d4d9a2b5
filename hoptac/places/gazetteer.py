"""Names of countries and first-level units, resolved to ISO 3166 codes without touching the database.

Built once from the catalogue (pycountry plus data/places_vi.json); codes are those that stood
before Vietnam's 2025 merger, and `successor` says who carries a unit on after it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator

from rapidfuzz import fuzz, process

from hoptac.core.text import fold
from hoptac.places.catalogue import Alias, Entry, Lineage, entries, lineage, place_name_in

FUZZY_CUTOFF = 90.0
__all__ = [
    "Alias",
    "Entry",
    "Lineage",
    "country_of",
    "entries",
    "entry",
    "iter_aliases",
    "lineage",
    "phonetic_key",
    "place_names",
    "resolve",
    "successor",
]
_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")

# Ranks: our own names beat ISO country names, which beat ISO subdivision names ("Georgia" is GE,
# "Viangchan" is the capital); a tie at the best rank means we cannot tell, so we answer None.
_CURATED, _ISO_COUNTRY, _ISO_UNIT = 0, 1, 2

# Words that head a phrase naming a place through its government or one of its bodies; tried
# longest first, so "tinh truong" goes before "tinh".
_PREFIX_WORDS = [
    "ubnd",
    "uy ban nhan dan",
    "hdnd",
    "hoi dong nhan dan",
    "chinh quyen",
    "tinh uy",
    "thanh uy",
    "ban thuong vu",
    "pho tinh truong",
    "tinh truong",
    "pho chu tich",
    "chu tich",
    "pho bi thu",
    "bi thu",
    "lanh dao",
    "nhan dan",
    "tong lanh su quan",
    "lanh su quan",
    "dai su quan",
    "doan dai bieu",
    "doan cong tac",
    "tinh",
    "thanh pho",
    "tp",
    "thu do",
    "nuoc",
    "quoc gia",
    "dat nuoc",
    "cua",
    "thuoc",
    "province of",
    "provincial government of",
    "government of",
    "people s committee of",
    "city of",
    "governor of",
    "deputy governor of",
    "vice governor of",
    "the",
    "province",
]
_PREFIXES = sorted((tuple(p.split()) for p in _PREFIX_WORDS), key=len, reverse=True)
# Where a body's name ends and its place begins: "so ngoai vu | tinh kon tum".
_MARKERS = (("tinh",), ("thanh", "pho"), ("tp",), ("thu", "do"), ("nuoc",), ("of",), ("cua",))
_SUFFIXES = ("province", "prefecture", "municipality", "city")
_LINKS = ("nuoc", "cua", "thuoc", "o", "in")


def _variants(name: str) -> list[str]:
    """The folded name, plus "chămpaxắc" for "Chăm-pa-xắc" since the press writes both."""
    folded = fold(name)
    out = [folded] if folded else []
    if "-" in name:
        joined = fold(name.replace("-", ""))
        if joined and joined not in out:
            out.append(joined)
    return out


@functools.cache
def _by_code() -> dict[str, Entry]:
    return {e.code: e for e in entries()}


def phonetic_key(folded: str) -> str:
    """A spelling-blind key for foreign names: "Xékong", "Sê Kông", "Sekong" all give "sekong"."""
    words = [w[:-1] if len(w) > 2 and w.endswith("h") else w for w in folded.split()]
    s = "".join(words)
    for old, new in (
        ("ph", "f"),
        ("th", "t"),
        ("kh", "k"),
        ("gh", "g"),
        ("ch", "c"),
        ("c", "k"),
        ("q", "k"),
        ("x", "s"),
        ("z", "s"),
        ("y", "i"),
        ("w", "v"),
        ("r", "l"),  # Lao r and l are one sound in press spellings (Saravane, Salavan)
        ("ou", "u"),
        ("ue", "u"),
        ("eu", "u"),
        ("ee", "i"),
        ("ae", "e"),
    ):
        s = s.replace(old, new)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s[:-1] if len(s) > 3 and s.endswith("e") else s


class _Index:
    """Folded and phonetic look-up tables built once from the entries."""

    def __init__(self) -> None:
        exact: dict[str, dict[str, int]] = defaultdict(dict)
        for entry in entries():
            base = _ISO_COUNTRY if entry.level == 0 else _ISO_UNIT
            for alias in entry.aliases:
                rank = base if alias.iso else _CURATED
                for key in _variants(alias.name):
                    old = exact[key].get(entry.code)
                    exact[key][entry.code] = rank if old is None else min(old, rank)
        self.exact = dict(exact)
        self.vn_words = {
            w for key, found in exact.items() if any(c.startswith("VN") for c in found) for w in key.split()
        }
        phon: dict[str, dict[str, int]] = defaultdict(dict)
        for key, codes in self.exact.items():
            for code, rank in codes.items():
                if not code.startswith("VN"):  # Vietnamese units match on their exact names only
                    pkey = phonetic_key(key)
                    old = phon[pkey].get(code)
                    phon[pkey][code] = rank if old is None else min(old, rank)
        self.phonetic = dict(phon)
        self.fuzzy: dict[str | None, tuple[list[str], list[str]]] = {}

    def fuzzy_choices(self, country: str | None) -> tuple[list[str], list[str]]:
        if country not in self.fuzzy:
            names, codes = [], []
            for key, found in self.exact.items():
                for code in found:
                    if not code.startswith("VN") and (country is None or country_of(code) == country):
                        names.append(key)
                        codes.append(code)
            self.fuzzy[country] = (names, codes)
        return self.fuzzy[country]


@functools.cache
def _index() -> _Index:
    return _Index()


def _pick(found: dict[str, int] | None, country: str | None) -> str | None:
    if not found:
        return None
    if country is not None:
        found = {c: r for c, r in found.items() if country_of(c) == country}
        if not found:
            return None
    best = min(found.values())
    winners = [c for c, r in found.items() if r == best]
    return winners[0] if len(winners) == 1 else None


def _strip_prefix(tokens: tuple[str, ...]) -> tuple[str, ...]:
    for prefix in _PREFIXES:
        if len(tokens) > len(prefix) and tokens[: len(prefix)] == prefix:
            return tokens[len(prefix) :]
    return tokens


def _jump_to_marker(tokens: tuple[str, ...]) -> tuple[str, ...]:
    for i in range(1, len(tokens) - 1):
        for marker in _MARKERS:
            if tokens[i : i + len(marker)] == marker and len(tokens) > i + len(marker):
                return tokens[i:]
    return tokens


def _stages(folded: str) -> Iterator[str]:
    """The phrase, then shorter and shorter forms with government words taken off."""
    tokens = tuple(folded.split())
    seen: set[tuple[str, ...]] = set()
    while tokens and tokens not in seen:
        seen.add(tokens)
        yield " ".join(tokens)
        shorter = _strip_prefix(tokens)
        if shorter == tokens:
            shorter = _jump_to_marker(tokens)
        if shorter == tokens and len(tokens) > 1 and tokens[-1] in _SUFFIXES:
            shorter = tokens[:-1]
        tokens = shorter


def _exact(folded: str, country: str | None) -> str | None:
    index = _index()
    for stage in _stages(folded):
        code = _pick(index.exact.get(stage), country)
        if code:
            return code
    return None


def _exact_tail(folded: str, country: str | None) -> str | None:
    """ "Sở Ngoại vụ Hà Tĩnh": the place is the tail, though no marker word announces it."""
    tokens = folded.split()
    for i in range(1, len(tokens)):
        tail = " ".join(tokens[i:])
        # One short word at the end ("anh", "nga", "my") is too often not a place at all; and after a
        # word of some Vietnamese name the tail may be part of another name ("Hà Nam Ninh").
        if (len(tokens) - i >= 2 or len(tail) >= 5) and tokens[i - 1] not in _index().vn_words:
            code = _pick(_index().exact.get(tail), country)
            if code:
                # "Kon Tum - Sekong" names two places, not one.
                head = _exact(" ".join(tokens[:i]), None)
                return code if head is None else None
    return None


def _with_country_tail(folded: str, country: str | None) -> str | None:
    """ "tỉnh Sê Kông nước CHDCND Lào", "Attapeu (Lào)": resolve the head within the named country."""
    tokens = folded.split()
    for i in range(len(tokens) - 1, 0, -1):
        tail = tokens[i:]
        if tail[0] in _LINKS and len(tail) > 1:
            tail = tail[1:]
        found = _pick(_index().exact.get(" ".join(tail)), None)
        if found and "-" not in found and (country is None or found == country):
            head = " ".join(tokens[:i])
            while head.split() and head.split()[-1] in _LINKS:
                head = " ".join(head.split()[:-1])
            code = head and (_exact(head, found) or _approximate(head, found))
            if code:
                return code
    return None


def _approximate(folded: str, country: str | None) -> str | None:
    index = _index()
    stages = list(_stages(folded))
    for stage in stages:
        key = phonetic_key(stage)
        # Short keys collide with anything ("xyzzy" and Azerbaijan's Xızı are both "sisi").
        code = _pick(index.phonetic.get(key), country) if len(key) >= 5 else None
        if code:
            return code
    query = stages[-1] if stages else ""
    if len(query.replace(" ", "")) < 5:
        return None
    names, codes = index.fuzzy_choices(country)
    hits = process.extract(query, names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5)
    if not hits:
        return None
    best = hits[0][1]
    top = {codes[i] for _, score, i in hits if score == best}
    return top.pop() if len(top) == 1 else None


@functools.lru_cache(maxsize=65536)
def _resolve(text: str, country: str | None) -> str | None:
    stripped = text.strip().upper()
    if _CODE.match(stripped) and stripped in _by_code():
        return stripped
    folded = fold(text)
    if not folded:
        return None
    code = _exact(folded, country)
    if code is None or "-" not in code:
        # A country found at the end of "tỉnh Sê Kông nước CHDCND Lào" only qualifies the province.
        code = _with_country_tail(folded, country) or code
    return code or _exact_tail(folded, country) or _approximate(folded, country)


def resolve(text: str, country: str | None = None) -> str | None:
    """The ISO code a written place name stands for ("tỉnh Sê Kông" → "LA-XE"), or None when unsure."""
    return _resolve(text, country.upper() if country else None)


def place_names(language: str | None = "vi") -> dict[str, str]:
    """Code → name (place_name_in): Vietnamese by default, as stored texts take it; None for the reader's."""
    return {e.code: place_name_in(e.code, e.name, e.name_vi, language) for e in entries()}


def iter_aliases(countries: Collection[str] | None = None) -> Iterable[tuple[str, str]]:
    """(folded alias, code) for every name that stands for exactly one place, optionally in some countries."""
    for key, found in sorted(_index().exact.items()):
        code = _pick(found, None)
        if code and (countries is None or country_of(code) in countries):
            yield key, code


def entry(code: str) -> Entry | None:
    """The gazetteer entry for an ISO code, or None."""
    return _by_code().get(code.strip().upper())


@functools.cache
def _successions() -> dict[str, list[tuple[dt.date, str]]]:
    table: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    for record in lineage():
        if record.successor != record.predecessor:
            table[record.predecessor].append((record.date, record.successor))
    return dict(table)


def successor(code: str, on: dt.date | None = None) -> str:
    """Who carries the unit's agreements on that day (default today): VN-28 is VN-29 from 2025-07-01."""
    day = on or dt.date.today()
    current = code.strip().upper()
    seen = {current}
    while True:
        steps = [s for d, s in _successions().get(current, []) if d <= day]
        if not steps or steps[-1] in seen:
            return current
        current = steps[-1]
        seen.add(current)


def country_of(code: str) -> str:
    """The ISO 3166-1 code of a code's country: "LA-XE" → "LA", "VN" → "VN"."""
    return code.strip().upper().split("-", 1)[0]
