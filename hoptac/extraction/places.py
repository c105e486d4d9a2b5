"""Finding place names in text with the shared gazetteer (hoptac.places.gazetteer): an n-gram index over
its folded aliases, built once per process."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from hoptac.places import catalogue, gazetteer

from .normalize import fold_keep_length

# Sub-national units of these countries are looked for; every country is. Other countries' units are
# too often ordinary words ("Central", "Ha") in Vietnamese text.
UNIT_COUNTRIES = frozenset({"VN", "LA", "KH", "TH", "CN", "MM", "JP", "KR"})
_WORD = re.compile(r"[a-z0-9]+")
_NEXT_WORD = re.compile(r" +([a-z0-9]+)")
# Word starts that are capital letters or digits; the class lists every capital up to Vietnamese's last.
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x1F00)) if ch.isupper() and ch.isalpha())
# Run over " " + text: a non-word character then the word's first, which the engine scans by character
# class (a pattern that starts with a lookbehind is tried at every position); the match starts where the
# word starts in the text.
_WORD_START = re.compile(r"\W[" + re.escape(_UPPER) + r"0-9]")
_PUNCT = re.compile(r"[,;:.()]")
_PREV_WORD = re.compile(r"(\w+)\s$")
_PLACE_WORDS = {
    "tỉnh",
    "phố",
    "huyện",
    "nước",
    "đô",
    "quyền",
    "ủy",
    "uỷ",
    "khẩu",
    "xã",
    "quận",
    "tp",
    "tại",
    "và",
}
# Vietnamese names the shared gazetteer lacks (it knows Chinese provinces only by their ISO names).
# Two-word names that are also common given names ("Hải Nam", "Hồ Nam") are left out on purpose.
EXTRA_ALIASES = {
    "Vân Nam": "CN-YN",
    "Quảng Tây": "CN-GX",
    "Quảng Đông": "CN-GD",
    "Quý Châu": "CN-GZ",
    "Tứ Xuyên": "CN-SC",
    "Phúc Kiến": "CN-FJ",
    "Chiết Giang": "CN-ZJ",
    "Giang Tô": "CN-JS",
    "Thượng Hải": "CN-SH",
    "Bắc Kinh": "CN-BJ",
    "Trùng Khánh": "CN-CQ",
    # Prefectures on the border count as their province; these are also given names ("Nguyễn Văn Sơn"),
    # so they are taken only where no capitalised word stands before them (_NAME_LIKE).
    "Văn Sơn": "CN-YN",
    "Hồng Hà": "CN-YN",
    "Đại Lý": "CN-YN",
    "Côn Minh": "CN-YN",
    "Sùng Tả": "CN-GX",
    "Bách Sắc": "CN-GX",
    "Nam Ninh": "CN-GX",
    "Phòng Thành Cảng": "CN-GX",
    "Khâm Châu": "CN-GX",
}
_NAME_LIKE = frozenset({"Văn Sơn", "Hồng Hà", "Đại Lý", "Côn Minh", "Nam Ninh"})
# Korean provinces are written without their suffix ("tỉnh Gyeonggi", "thành phố Busan").
_KR_SUFFIX = re.compile(r" ?(?:do|gwangyeoksi|teukbyeolsi|teukbyeoljachido|teukbyeoljachisi)$")
# "Đoàn TNCS Hồ Chí Minh", "tư tưởng Hồ Chí Minh": the man, not the city.
_NOT_THE_CITY = re.compile(r"(?:cộng sản|TNCS|Chủ tịch|Bác|tư tưởng|Lăng|Đường|đường|Sinh|Hồ Chí Minh,)\s+$")
_SHORT = 4  # folded aliases this short ("đức", "anh", "lào", "huế") are also syllables of names


@dataclass(frozen=True)
class PlaceMention:
    """A place name in the text and the ISO 3166 code it stands for."""

    start: int
    end: int
    code: str

    @property
    def is_unit(self) -> bool:
        """True for a province (ISO 3166-2), False for a country."""
        return "-" in self.code


def _strict(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).lower().replace("-", " ").split())


class PlaceIndex:
    """Aliases by their first folded word, and the written (accented) forms of the short ones."""

    def __init__(self, aliases: Iterable[tuple[str, str]]) -> None:
        self.by_first: dict[str, dict[tuple[str, ...], str]] = {}
        for key, code in aliases:
            if "-" in code and gazetteer.country_of(code) not in UNIT_COUNTRIES:
                continue
            words = tuple(key.split())
            if words:
                self.by_first.setdefault(words[0], {})[words] = code
        # The lengths to try for each first word, longest first.
        self.sizes = {w: sorted({len(k) for k in t}, reverse=True) for w, t in self.by_first.items()}
        # A short alias must match with its accents: "Lào" is Laos, "lao động" is labour.
        self.accented: set[str] = set()
        names = [alias.name for entry in catalogue.entries() for alias in entry.aliases]
        for name in [*names, *EXTRA_ALIASES]:
            self.accented.add(_strict(name))
            self.accented.add(_strict(name).replace(" ", ""))

    def find(self, text: str, folded: str | None = None) -> list[PlaceMention]:
        """Every place named in text (longest match first, capitalised names only)."""
        folded = folded if folded is not None else fold_keep_length(text)
        out: list[PlaceMention] = []
        resume = 0
        # Only capitalised words can start a place name, so only they are looked up.
        for cap in _WORD_START.finditer(" " + text):
            start = cap.start()
            if start < resume:
                continue
            first = _WORD.match(folded, start)
            if first is None:
                continue
            head = first.group()
            table = self.by_first.get(head)
            if table is None:
                continue
            sizes = self.sizes[head]
            names, ends = [head], [first.end()]
            while len(names) < sizes[0]:
                nxt = _NEXT_WORD.match(folded, ends[-1])
                if nxt is None:
                    break
                names.append(nxt.group(1))
                ends.append(nxt.end())
            for size in sizes:
                if size > len(names):
                    continue
                key = tuple(names[:size])
                code = table.get(key)
                if code is None:
                    continue
                end = ends[size - 1]
                if self._plausible(text, start, end, size, len(" ".join(key))) and not (
                    code == "VN-SG" and _NOT_THE_CITY.search(text, max(0, start - 12), start)
                ):
                    out.append(PlaceMention(start, end, code))
                    resume = end
                break
        return out

    def _plausible(self, text: str, start: int, end: int, words: int, key_len: int) -> bool:
        if words > 1 and _PUNCT.search(text, start, end):
            return False  # "Đông Hà, tỉnh Quảng Trị" names no "Hà Tĩnh"
        written = text[start:end]
        if words > 1 and written not in _NAME_LIKE and _strict(written) in self.accented:
            return True
        prev = _PREV_WORD.search(text, max(0, start - 20), start)
        word = prev.group(1) if prev else ""
        after_name = word[:1].isupper() and not word.isupper() and word.casefold() not in _PLACE_WORDS
        if words > 1 and written not in _NAME_LIKE:
            # "Nguyễn Nam Đình" is a man; "Nam Định" the province: after a name, the accents must agree.
            return not after_name
        # "Dương Văn Trang", "Phạm Đức Tiến": one word after a capitalised word is part of a person's name
        # (Trang is also a Thai province), unless that word is "Tỉnh", "Thành phố" and the like.
        if after_name:
            return False
        if written in _NAME_LIKE and word.casefold() in ("ông", "bà", "anh", "chị", "em", "chí"):
            return False
        if key_len > _SHORT:
            return True
        # A short alias must match with its accents ("Lào", not "lao") and not start a name ("Khang Anh").
        if _strict(written) not in self.accented:
            return False
        nxt = re.match(r"\s(\w+)", text[end : end + 12])
        return not (nxt and nxt.group(1)[0].isupper())


@functools.cache
def index() -> PlaceIndex:
    """The process-wide place index (built on first use, about 0.2 s)."""
    extra = [(fold_keep_length(name).strip(), code) for name, code in EXTRA_ALIASES.items()]
    korean = [
        (_KR_SUFFIX.sub("", key), code)
        for key, code in gazetteer.iter_aliases()
        if code.startswith("KR-") and _KR_SUFFIX.search(key)
    ]
    # Foreign names are also written run together ("Luangprabang", "Savanakhet"); Vietnamese ones are not.
    joined = [
        (key.replace(" ", ""), code)
        for key, code in gazetteer.iter_aliases()
        if " " in key and "-" in code and not code.startswith("VN-")
    ]
    return PlaceIndex([*gazetteer.iter_aliases(), *extra, *korean, *joined])


def country_of(code: str) -> str:
    """The country of an ISO 3166 code."""
    return gazetteer.country_of(code)


def resolve(text: str, country: str | None = None) -> str | None:
    """A written place name to its code, through the gazetteer."""
    return gazetteer.resolve(text, country)
