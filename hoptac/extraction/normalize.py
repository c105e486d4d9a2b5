"""Text normalisation, a length-preserving fold, and the split into paragraphs and sentences.

Every later stage works on offsets into one normalised text, so that evidence spans point at the
exact characters a record came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Characters that news sites and word processors put where a plain space or hyphen is meant.
_CHAR_MAP = {
    "\u00a0": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\t": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    "\u00ad": "",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u201c": '"',
    "\u201d": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\r": "\n",
}
_TABLE = str.maketrans(_CHAR_MAP)
_SPACES = re.compile(r"[ ]+")
_SPACE_NL = re.compile(r" *\n *")
_MANY_NL = re.compile(r"\n{3,}")
# Old Windows-1258 habits: tone marks typed before the vowel or an "oà" vs "òa" mix are fixed by NFC
# for combining marks; legacy precomposed spellings stay as written.


def normalize_text(text: str) -> str:
    """NFC, one kind of space, hyphen and quote, CRLF to LF, at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).translate(_TABLE)
    text = "".join(ch for ch in text if ch == "\n" or ch >= " " or ch == "\t")
    text = _SPACES.sub(" ", text)
    text = _SPACE_NL.sub("\n", text)
    return _MANY_NL.sub("\n\n", text).strip()


class _FoldTable(dict[int, str]):
    """str.translate table: each character to one lower-case ASCII letter or digit, anything else a space."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)[:1].lower()
        if ch in "đĐ":
            base = "d"
        out = base if base.isascii() and base.isalnum() else " "
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold_keep_length(text: str) -> str:
    """Fold like hoptac.core.text.fold but keep every offset: "Sê-Kông" → "se kong" (same length)."""
    return text.translate(_FOLD)


# Letters that a re.IGNORECASE pattern matches to an ASCII letter of another lower case ("ı" to "i", "ſ" to
# "s", the Kelvin sign to "k"): where one occurs, lower-cased text is not a faithful stand-in.
_ODD_CASE = re.compile("[ıſ\u212a]")


def lowers_exactly(text: str, lowered: str) -> bool:
    """True when a case-insensitive pattern over text finds what a lower-case one finds over lowered, at the
    same offsets (same length, no letter that case-insensitive matching treats specially)."""
    return len(lowered) == len(text) and not _ODD_CASE.search(text)


def finditer_quick(
    pattern: re.Pattern[str], text: str, quick: re.Pattern[str], lowered: str
) -> Iterator[re.Match[str]]:
    """pattern.finditer(text) (never an empty match), found faster: a case-insensitive Unicode pattern is
    slow to scan, so a quick case-sensitive one picks the only places `pattern` is tried. `quick` runs over
    " " + lowered (the text lower-cased) and matches from the character just before every place where
    `pattern` can start; patterns that start at a word begin with \\W, which the engine scans fast."""
    if not lowers_exactly(text, lowered):
        yield from pattern.finditer(text)
        return
    padded = " " + lowered
    pos = 0
    while (candidate := quick.search(padded, pos)) is not None:
        start = candidate.start()  # in the text: the padded text has one character more before it
        found = pattern.match(text, start)
        if found is None:
            pos = start + 1
            continue
        yield found
        pos = found.end()


def finditer_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """pattern.finditer(text) (never an empty match), trying only `starts`: increasing positions that include
    every one where a match can start."""
    pos = 0
    for start in starts:
        if start < pos:
            continue
        found = pattern.match(text, start)
        if found is not None:
            yield found
            pos = found.end()


@dataclass(frozen=True)
class Sentence:
    """A sentence of the normalised text: its offsets, its paragraph and whether it is article body."""

    start: int
    end: int
    text: str
    paragraph: int
    kind: str  # "body" (prose), "caption" (photo caption) or "furniture" (menus, headings, other stories)

    @property
    def body(self) -> bool:
        """True for article prose."""
        return self.kind == "body"


_SENT_END = re.compile(r"[.!?…]+[\"')\]]*\s+")
_ABBREV_END = re.compile(r"(?:\b[A-ZĐ]|TP|Tp|ThS|TS|PGS|GS|Mr|St|v\.v)\.$")

# A line that starts one of these blocks ends the article: what follows is lists of other stories,
# comment forms or share buttons.
_END_MARKERS = re.compile(
    r"^(?:tin (?:bài )?liên quan|các tin (?:bài )?khác|tin khác|tin cùng chuyên mục|bài viết liên quan|"
    r"đọc nhiều|xem nhiều|xem thêm|có thể bạn quan tâm|trả lời|bình luận|gửi bình luận|"
    r"ý kiến bạn đọc|viết bình luận|để lại bình luận|tags?|từ khóa|chia sẻ)\s*:?$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"(?:^|[\s.(\-])(?:ảnh|hình ảnh|nguồn ảnh|photo|video|clip)\s*:|\|\s*$|^\[?(?:video|infographic|ảnh)\b"
)
_CAPTION_STARTS = ("[", "video", "infographic", "ảnh")
_OFFICIAL_TITLE = re.compile(
    r"(?:Chủ tịch|Bí thư|Giám đốc|[Tt]ỉnh trưởng|Thống đốc|Đại sứ|Trưởng đoàn)(?!\w)"
)
_TWO_CAPITALS = re.compile(r"\s[A-ZĐ]\w*\s[A-ZĐ]\w*")
_ACTS = re.compile(r"\s(?:dự|phát biểu|trao|tặng|tiếp|chứng kiến|ký|hội đàm|làm việc|chụp ảnh)(?!\w)")
_TERMINAL = re.compile(r"[.!?…:;\"')/]\s*$")


def line_kind(line: str) -> str:
    """ "caption" for photo captions, "furniture" for headings, menus and related-story titles, else "body"."""
    lowered = line.lower()
    # Every caption form has a colon, a bar or one of the leading words; most lines have none of these.
    if (":" in lowered or "|" in lowered or lowered.startswith(_CAPTION_STARTS)) and _CAPTION.search(lowered):
        return "caption"
    # Prose ends with punctuation; titles of other stories, menus and bylines do not.
    if _TERMINAL.search(line) or len(line) >= 200:
        return "body"
    # An unpunctuated line where an official acts ("Phó Chủ tịch UBND tỉnh A Nguyễn Văn B và … dự lễ") is
    # a photo caption without its "Ảnh:" credit.
    return "caption" if _official_acts(line) else "furniture"


def _official_acts(line: str) -> bool:
    """A title, then a name (two capitalised words), then a verb of what officials do at an event."""
    title = _OFFICIAL_TITLE.search(line)
    name = _TWO_CAPITALS.search(line, title.end()) if title else None
    return bool(name and _ACTS.search(line, name.end()))


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets and kinds; repeated lines and everything after a related-stories or comments
    heading are furniture."""
    out: list[Sentence] = []
    seen: set[str] = set()
    ended = False
    pos = 0
    for para_no, line in enumerate(text.split("\n")):
        start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        if _END_MARKERS.match(stripped) and out:
            ended = True
        kind = "furniture" if ended or stripped in seen else line_kind(stripped)
        seen.add(stripped)
        offset = start + (len(line) - len(line.lstrip()))
        cut = 0
        for m in _SENT_END.finditer(stripped):
            nxt = stripped[m.end() : m.end() + 1]
            if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'(["):
                continue
            piece = stripped[cut : m.end()].rstrip()
            # The abbreviations are at most four characters long and end the piece: look at its tail only.
            if _ABBREV_END.search(piece, max(0, len(piece) - 8)):
                continue
            if piece.strip():
                out.append(Sentence(offset + cut, offset + cut + len(piece), piece, para_no, kind))
            cut = m.end()
        piece = stripped[cut:]
        if piece.strip():
            out.append(Sentence(offset + cut, offset + len(stripped), piece, para_no, kind))
    return out
