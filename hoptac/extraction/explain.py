"""Why the reader proposed a record: the rule that found it and the words it went by.

The reader may say so itself (an optional "why" on each record); otherwise the rule is named from the
record's type and the cue words are read from its sentence, so an officer judges it in seconds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

_CUES = {
    "agreements": re.compile(
        r"(?:biên\s+)?bản\s+ghi\s+nhớ|th[ỏo]a\s+thuận(?:\s+hợp\s+tác)?|chương\s+trình\s+(?:phối\s+hợp|hợp\s+tác)"
        r"|biên\s+bản(?:\s+(?:hợp\s+tác|hội\s+đàm))?|kế\s+hoạch\s+hợp\s+tác",
        re.IGNORECASE,
    ),
    "events": re.compile(
        r"(?:hội\s+nghị|lễ)\s+(?:sơ|tổng)\s+kết|lễ\s+ký\s+kết|ký\s+kết|(?:đến|sang|tới)\s+thăm|chuyến\s+thăm"
        r"|thăm\s+và\s+làm\s+việc|hội\s+đàm|hội\s+nghị|làm\s+việc\s+với|tiếp\s+đoàn",
        re.IGNORECASE,
    ),
}


def why(kind: str, item: Mapping[str, Any]) -> str:
    """One line for the officer: the rule, and the words of the sentence it went by."""
    given = item.get("why")
    if given:
        return str(given)
    evidence = item.get("evidence") or {}
    sentence = str(evidence.get("sentence") or "")
    cue = _CUES.get(kind)
    words = ", ".join(dict.fromkeys(m.group() for m in cue.finditer(sentence))) if cue else ""
    if kind == "agreements":
        return _(
            "Agreement rule: a cooperation document named in the sentence (“%(words)s”) with its parties."
        ) % {"words": words or "—"}
    if kind == "events":
        return _("Activity rule: “%(words)s”, with the date and the places the sentence gives.") % {
            "words": words or "—"
        }
    if kind == "commitments":
        return _("Commitment rule: a quantity one side promises the other for a period.")
    if kind == "figures":
        return _("Figure rule: a reported number with its unit, matched to a metric by the words around it.")
    return _("Person rule: a name with the title the article gives it.")
