"""One article prepared for the rules: sentences, place mentions, the dateline and the main parties."""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from .dates import find_dateline, reference_year
from .normalize import Sentence, fold_keep_length, split_sentences
from .places import PlaceMention, country_of, index

# "Phân hiệu Đại học Đà Nẵng tại Kon Tum": a place inside an institution's name is not where things happen.
_INSTITUTION = re.compile(
    r"(?:Đại học|Trường|Bệnh viện|Học viện|Phân hiệu|Công ty|Ngân hàng|Sân bay|Nhà máy|Báo|Đài|Truyền hình)\s+$"
)


@dataclass
class Document:
    """The normalised text with everything the rules look up more than once."""

    text: str
    source: str
    published: str | None
    ref_year: int | None
    sentences: list[Sentence]
    places: list[PlaceMention]
    main_vn: list[str] = field(default_factory=list)
    main_foreign: list[str] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def places_in(self, start: int, end: int, units_only: bool = True) -> list[PlaceMention]:
        """Place mentions inside [start, end), in order."""
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.places) and self.places[i].start < end:
            p = self.places[i]
            if p.end <= end and (p.is_unit or not units_only):
                out.append(p)
            i += 1
        return out

    # Built once per article: every rule walks these lists, some once per sentence.
    @functools.cached_property
    def body(self) -> list[Sentence]:
        """Article prose: no captions, headings, related stories or comment forms."""
        return [s for s in self.sentences if s.body]

    @functools.cached_property
    def body_and_captions(self) -> list[Sentence]:
        """Prose plus photo captions, which name signatories and officials but carry no figures."""
        return [s for s in self.sentences if s.kind != "furniture"]

    def main_parties(self) -> list[str]:
        """The article's Vietnamese party and its foreign partners, sorted."""
        return sorted(self.main_vn[:1] + self.main_foreign)

    def complete(self, codes: list[str]) -> list[str]:
        """The units a clause names, with the article's main party added for a side it leaves out."""
        units = sorted({c for c in codes if "-" in c})
        has_vn = any(country_of(c) == "VN" for c in units)
        has_foreign = any(country_of(c) != "VN" for c in units)
        if not has_vn:
            units += self.main_vn[:1]
        if not has_foreign:
            units += self.main_foreign
        return sorted(set(units))


def _main_sides(doc: Document) -> None:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for s in doc.body_and_captions:
        for p in doc.places_in(s.start, s.end):
            counts[p.code] += 1
            first.setdefault(p.code, p.start)
    vn = sorted((c for c in counts if country_of(c) == "VN"), key=lambda c: (-counts[c], first[c]))
    foreign = sorted((c for c in counts if country_of(c) != "VN"), key=lambda c: (-counts[c], first[c]))
    doc.main_vn = vn[:1]
    if foreign:
        top = counts[foreign[0]]
        # A partner named about as often as the first is a main party too (Kon Tum with Attapeu and
        # Sê Kông); one named once in passing is not.
        doc.main_foreign = [c for c in foreign if counts[c] >= max(2, 0.4 * top)] or foreign[:1]


def prepare(text: str, source: str, published: str | None = None) -> Document:
    """Split, find places and the dateline, and pick the main parties."""
    sentences = split_sentences(text)
    # Places are looked for outside page furniture only: most of a web page is other stories.
    places: list[PlaceMention] = []
    finder = index()
    for s in sentences:
        if s.kind != "furniture":
            places += [
                PlaceMention(p.start + s.start, p.end + s.start, p.code)
                for p in finder.find(s.text, fold_keep_length(s.text))
                if not _INSTITUTION.search(s.text, max(0, p.start - 30), p.start)
            ]
    published = published or find_dateline(text)
    doc = Document(text, source, published, reference_year(text, published), sentences, places)
    doc._starts = [p.start for p in places]
    _main_sides(doc)
    return doc
