"""Values as an officer reads and types them on the article review, and back to the record's form.

Dates the Vietnamese way (28/12/2022, 12/2016, 2022, 28/12 without a year) or ISO; places by name or
code; numbers with a decimal comma ("45,6"). An unreadable value raises a ValidationError that says
what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACE_SEPARATOR = re.compile(r"\s*[,;]\s*")
_DMY = re.compile(r"^(?:(?P<d>\d{1,2})[/.-])?(?P<m>\d{1,2})[/.-](?P<y>\d{4})$")
_DM = re.compile(r"^(?P<d>\d{1,2})[/.](?P<m>\d{1,2})$")


def places(text: Any) -> list[str]:
    """Codes of the places named ("Kon Tum, Sê Kông" or "VN-28, LA-XE"), sorted."""
    from hoptac.places.gazetteer import resolve

    codes = []
    for name in PLACE_SEPARATOR.split(str(text or "").strip()):
        if not name:
            continue
        code = resolve(name)
        if code is None:
            raise ValidationError(
                _("'%(name)s' is not a place we know: write its name (Sê Kông) or code (LA-XE)")
                % {"name": name}
            )
        codes.append(code)
    return sorted(set(codes))


def places_shown(codes: Any) -> str:
    """Place names for codes (one code or a list), as the officer reads them."""
    from hoptac.places.gazetteer import place_names

    names = place_names(None)  # in the reader's language; `places` reads either back
    listed: Sequence[Any] = [codes] if isinstance(codes, str) else (codes or [])
    return ", ".join(names.get(c, c) for c in listed if c)


def year(text: Any) -> int | None:
    """A year or a count of years, or None when empty."""
    text = str(text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError(_("'%(value)s' is not a whole number") % {"value": text})
    return int(text)


def number(text: Any) -> int | float | None:
    """A number typed the Vietnamese way ("45,6", "1.216,5") or plainly ("45.6")."""
    raw = str(text or "").strip().replace(" ", "")
    if not raw:
        return None
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        raise ValidationError(_("'%(value)s' is not a number") % {"value": text}) from None
    return int(value) if value.is_integer() else value


def typed_date(text: Any) -> str | None:
    """A date as ISO text, as precise as typed: 28/12/2022, 12/2022, 2022, 28/12 or ISO."""
    from hoptac.core.dates import PartialDate

    raw = str(text or "").strip()
    if not raw:
        return None
    iso = raw
    if match := _DMY.match(raw):
        iso = f"{match['y']}-{int(match['m']):02d}" + (f"-{int(match['d']):02d}" if match["d"] else "")
    elif match := _DM.match(raw):
        iso = f"--{int(match['m']):02d}-{int(match['d']):02d}"
    try:
        return PartialDate.parse(iso).isoformat()  # type: ignore[union-attr]
    except (ValueError, TypeError):
        raise ValidationError(
            _("'%(value)s' is not a date: write 28/12/2022, 12/2022, 2022 or 28/12") % {"value": raw}
        ) from None


def dates_shown(iso: Any) -> str:
    """An ISO partial date the Vietnamese way (2022-12-28 → 28/12/2022, --12-28 → 28/12)."""
    text = str(iso or "")
    if text.startswith("--"):
        return f"{text[5:7]}/{text[2:4]}"
    parts = text.split("-")
    return "/".join(reversed(parts)) if text else ""
