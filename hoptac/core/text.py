"""Text helpers shared by the resolver, search and the news reader."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def nfc(text: str) -> str:
    """Unicode NFC with runs of white space folded to one space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), punctuation and hyphens to single spaces: "Sê-Kông" → "se kong"."""
    return _NON_WORD.sub(" ", unidecode(unicodedata.normalize("NFC", text)).lower()).strip()
