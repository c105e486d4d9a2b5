"""What an officer typed, read as the services take it; and the services' errors put back beside the fields.

A service raises a ValidationError keyed by field path ("title", "parties[1].place"); `show_errors`
puts each message next to the field it names, so the officer sees what to fix where it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from hoptac.places import gazetteer
from hoptac.places.models import Place

_PATH = re.compile(r"^(?P<list>\w+)\[(?P<index>\d+)\](?:\.(?P<field>\w+))?$")


def place_code(text: str) -> str:
    """An ISO code as typed, or the code of a place name the gazetteer knows ("Sê Kông" → LA-XE)."""
    text = (text or "").strip()
    if not text:
        return ""
    if Place.objects.filter(pk=text.upper()).exists():
        return text.upper()
    # The name as the pickers show it (display_name), when only one place has it.
    named = list(
        Place.objects.filter(Q(name_vi__iexact=text) | Q(name__iexact=text)).values_list("pk", flat=True)[:2]
    )
    if len(named) == 1:
        return named[0]
    return gazetteer.resolve(text) or text


def place_name(code: str | None) -> str:
    """What a place field shows for a stored code: the place's name, which place_code reads back."""
    place = Place.objects.filter(pk=code).first() if code else None
    return place.display_name if place else ""


def number_text(text: str) -> str:
    """A number typed the Vietnamese way ("687,4" or "1.216,5") as the services read it ("687.4")."""
    text = (text or "").strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return text


def whole_number(text: str) -> Any:
    """A whole number when it is one; otherwise the text as typed, so the service names the problem."""
    text = (text or "").strip().replace(".", "")
    if not text:
        return None
    return int(text) if text.isdigit() else text


def show_errors(
    exc: ValidationError, form: forms.Form, rows: Mapping[str, Sequence[forms.Form]] | None = None
) -> dict[str, list[str]]:
    """Attach a service's field-path errors to the form fields and to the rows of a list, by index.

    Returns the messages about a whole list ("parties": at least two are needed), for the page to
    show beside that list.
    """
    rows = rows or {}
    about_lists: dict[str, list[str]] = {}
    for path, messages in exc.message_dict.items():
        for message in messages:
            if path in rows:
                about_lists.setdefault(path, []).append(message)
                form.add_error(None, message)
                continue
            match = _PATH.match(path)
            if match and match["list"] in rows:
                index = int(match["index"])
                items = rows[match["list"]]
                if index < len(items):
                    name = match["field"]
                    items[index].add_error(name if name in items[index].fields else None, message)
                    continue
            base = path.split("[", 1)[0].split(".", 1)[0]
            base = getattr(form, "error_aliases", {}).get(base, base)
            if base in form.fields:
                form.add_error(base, message)
            else:
                form.add_error(None, f"{path}: {message}" if path != "__all__" else message)
    return about_lists
