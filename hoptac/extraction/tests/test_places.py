"""The place finder's word-start scan."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from hoptac.extraction import places


@given(st.text(alphabet="aÁĐđ Kk9-,.(_\u00a0\n", max_size=30))
def test_word_starts_over_padded_text_are_the_capitals_after_no_word_character(text: str) -> None:
    plain = re.compile(r"(?<!\w)[" + re.escape(places._UPPER) + r"0-9]")
    assert [m.start() for m in places._WORD_START.finditer(" " + text)] == [
        m.start() for m in plain.finditer(text)
    ]


def test_places_found_at_the_start_and_after_punctuation() -> None:
    found = places.index().find("Kon Tum và (Attapeu), Sê Kông")
    assert [(p.start, p.code) for p in found] == [(0, "VN-28"), (12, "LA-AT"), (22, "LA-XE")]
