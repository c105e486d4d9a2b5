"""The Vietnamese catalogue is complete and compiled (the interface is Vietnamese first)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def _entries(po: Path) -> list[tuple[str, str]]:
    """(msgid, first msgstr) pairs of a .po file, continuation lines joined."""
    text = po.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if "msgid " in b]
    out = []
    for block in blocks:
        joined = re.sub(r'"\n"', "", block)
        msgid = re.search(r'^msgid "(.*)"$', joined, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? "(.*)"$', joined, re.M)
        assert msgid and msgstr, block
        context = re.search(r'^msgctxt "(.*)"$', joined, re.M)
        key = f"{context.group(1)}\x04{msgid.group(1)}" if context else msgid.group(1)
        if "#, fuzzy" in block and msgid.group(1):
            out.append((key, ""))
        else:
            out.append((key, msgstr.group(1)))
    return out


def test_every_message_has_a_vietnamese_translation() -> None:
    entries = _entries(LOCALE / "vi" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 300
    untranslated = [msgid for msgid, msgstr in entries if msgid and not msgstr]
    assert not untranslated, f"translate these in hoptac/locale/vi (then compilemessages): {untranslated}"


def test_compiled_catalogue_matches_the_source() -> None:
    entries = dict(_entries(LOCALE / "vi" / "LC_MESSAGES" / "django.po"))
    with (LOCALE / "vi" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    assert catalog.gettext("Agreements") == "Thỏa thuận"
    stale = [
        m for m, s in entries.items() if m and "%" not in m and "\\" not in m and catalog.gettext(m) != s
    ]
    assert not stale, f"django.mo is older than django.po: run compilemessages ({stale[:5]})"
