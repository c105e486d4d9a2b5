"""The place catalogue: every country and first-level unit from pycountry, with our own names and lineage.

Our data file (data/places_vi.json) adds Vietnamese names, press spellings and Vietnam's 2025
reorganisation; codes are those that stood before the 2025 merger.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pycountry
from django.conf import settings
from django.utils.translation import get_language

from hoptac.core.text import fold

# The catalogue adds codes to some names ("Stockholms län [SE-01]"): a reader needs only the name.
_BRACKETED = re.compile(r"\s*\[[^\]]*\]")
DATA_FILE = Path(__file__).resolve().parent / "data" / "places_vi.json"


@dataclass(frozen=True)
class Alias:
    """One written form of a place."""

    name: str
    language: str
    kind: str  # official, common or former (PlaceAlias.Kind)
    valid_to: dt.date | None = None
    iso: bool = False  # from pycountry rather than our data file


@dataclass(frozen=True)
class Entry:
    """A country (level 0) or first-level unit (level 1) with its names."""

    code: str
    country: str
    level: int
    name: str
    name_vi: str
    type: str
    aliases: tuple[Alias, ...]
    valid_to: dt.date | None = None
    name_en: str = ""  # the English name: a country's common name (Laos), else the ISO name

    @property
    def display_name(self) -> str:
        return self.name_vi or self.name


@dataclass(frozen=True)
class Lineage:
    """A predecessor carried on by a successor from a date."""

    predecessor: str
    successor: str
    kind: str  # merged or renamed (PlaceLineage.Kind)
    date: dt.date
    legal_basis: str


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@functools.cache
def _data() -> dict:
    with DATA_FILE.open(encoding="utf-8") as fh:
        return json.load(fh)


@functools.cache
def lineage() -> tuple[Lineage, ...]:
    """Every merge and rename in the data file, in date order."""
    data = _data()
    basis = data["legal_basis"]
    day = _date(data["merges_date"])
    assert day is not None
    records = [
        Lineage(old, new, "merged", day, basis) for new, olds in data["merges"].items() for old in olds
    ]
    records += [
        Lineage(r["code"], r["code"], "renamed", _date(r["date"]) or day, r.get("legal_basis", basis))
        for r in data["renames"]
    ]
    return tuple(sorted(records, key=lambda r: (r.date, r.predecessor, r.successor)))


def _curated_aliases(extra: dict) -> list[Alias]:
    aliases = [Alias(extra["name_vi"], "vi", "official")] if extra.get("name_vi") else []
    aliases += [Alias(n, "vi", "common") for n in extra.get("vi", [])]
    aliases += [Alias(n, "", "common") for n in extra.get("other", [])]
    aliases += [Alias(f["name"], "vi", "former", _date(f.get("valid_to"))) for f in extra.get("former", [])]
    return aliases


def _merge_aliases(curated: list[Alias], iso: list[Alias]) -> tuple[Alias, ...]:
    # A curated former name (Thừa Thiên-Huế) must not come back as a current ISO name.
    seen_folded = {fold(a.name) for a in curated if a.kind == "former"}
    out: dict[str, Alias] = {}
    for alias in curated + [a for a in iso if fold(a.name) not in seen_folded]:
        out.setdefault(alias.name, alias)
    return tuple(out.values())


def _english_unit_name(country: str, iso: str, name_vi: str) -> str:
    """A unit's English name: its ISO 3166-2 name; for Vietnam's, our Vietnamese name.

    ISO writes Vietnamese units in Vietnamese anyway, but pycountry's list lags behind (Thừa Thiên-Huế,
    a city named Huế since 2025) and has a typo (Kiến Giang): the curated name is the current one.
    """
    if country != "VN" or not name_vi:
        return iso
    if name_vi.startswith("Thành phố "):
        return f"{name_vi.removeprefix('Thành phố ')} City"  # Hồ Chí Minh City
    return name_vi


@functools.cache
def entries() -> tuple[Entry, ...]:
    """All countries, then all first-level units, from pycountry and the data file."""
    data = _data()
    merged_to = {r.predecessor: r.date - dt.timedelta(days=1) for r in lineage() if r.kind == "merged"}
    result: list[Entry] = []
    for country in pycountry.countries:
        code = country.alpha_2
        extra = data["countries"].get(code, {})
        iso = [Alias(country.name, "en", "official", iso=True)]
        for attr in ("common_name", "official_name"):
            if getattr(country, attr, None):
                iso.append(Alias(getattr(country, attr), "en", "official", iso=True))
        aliases = _merge_aliases(_curated_aliases(extra), iso)
        # ISO 3166-1's short name reads oddly in a sentence ("Korea, Republic of"): its common name when it has one.
        english = getattr(country, "common_name", None) or country.name
        result.append(
            Entry(code, code, 0, country.name, extra.get("name_vi", ""), "", aliases, None, english)
        )
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        extra = data["units"].get(sub.code, {})
        aliases = _merge_aliases(_curated_aliases(extra), [Alias(sub.name, "", "official", iso=True)])
        result.append(
            Entry(
                sub.code,
                sub.country_code,
                1,
                sub.name,
                extra.get("name_vi", ""),
                sub.type,
                aliases,
                merged_to.get(sub.code),
                _english_unit_name(sub.country_code, _BRACKETED.sub("", sub.name), extra.get("name_vi", "")),
            )
        )
    return tuple(sorted(result, key=lambda e: (e.level, e.code)))


def in_vietnamese(language: str | None = None) -> bool:
    """Whether names are shown in Vietnamese: the language given, else the reader's (the request's)."""
    return (language or get_language() or settings.LANGUAGE_CODE).lower().startswith("vi")


@functools.cache
def _english_names() -> dict[str, str]:
    return {e.code: e.name_en for e in entries() if e.name_en}


def place_name_in(code: str, name: str, name_vi: str, language: str | None = None) -> str:
    """The one name of a place shown to people, in every page, feed, export and report.

    In Vietnamese its Vietnamese name ("Sê Kông"); in any other language its English name: the
    country's common name ("Laos"), the ISO 3166-2 name ("Xékong"), a Vietnamese unit's current
    name; the ISO name when none is known. `language` defaults to the active one (the reader's,
    from the language switch). Place.display_name and gazetteer.place_names() give it.
    """
    if in_vietnamese(language):
        return name_vi or _BRACKETED.sub("", name)
    return _english_names().get(code) or _BRACKETED.sub("", name)
