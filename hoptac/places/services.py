"""Loading the gazetteer into the database, and looking places up by code or by name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hoptac.core.text import fold
from hoptac.core.validation import Errors
from hoptac.places import gazetteer
from hoptac.places.models import Place, PlaceAlias, PlaceLineage

_PLACE_FIELDS = ("country_code", "level", "parent_id", "name", "name_vi", "type", "folded", "valid_to")
_ALIAS_FIELDS = ("folded", "language", "kind", "valid_to")
_BATCH = 500


def _place_rows() -> dict[str, dict[str, Any]]:
    known = {e.code for e in gazetteer.entries() if e.level == 0}
    return {
        e.code: {
            "country_code": e.country,
            "level": e.level,
            "parent_id": e.country if e.level and e.country in known else None,
            "name": e.name[:200],
            "name_vi": e.name_vi,
            "type": e.type[:80],
            "folded": fold(e.display_name)[:200],
            "valid_to": e.valid_to,
        }
        for e in gazetteer.entries()
    }


def _sync_places(using: str) -> int:
    wanted = _place_rows()
    have = {row["code"]: row for row in Place.objects.using(using).values("code", *_PLACE_FIELDS)}
    new = [Place(code=code, **row) for code, row in wanted.items() if code not in have]
    # Countries first: the units point at them.
    new.sort(key=lambda p: p.level)
    changed = [
        Place(code=code, **row)
        for code, row in wanted.items()
        if code in have and any(have[code][f] != row[f] for f in _PLACE_FIELDS)
    ]
    Place.objects.using(using).bulk_create(new, batch_size=_BATCH)
    Place.objects.using(using).bulk_update(changed, _PLACE_FIELDS, batch_size=_BATCH)
    return len(new) + len(changed)


def _sync_aliases(using: str) -> int:
    wanted: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in gazetteer.entries():
        for alias in entry.aliases:
            wanted[(entry.code, alias.name[:200])] = {
                "folded": fold(alias.name)[:200],
                "language": alias.language,
                "kind": alias.kind,
                "valid_to": alias.valid_to,
            }
    # Aliases someone added in the admin are not ours to delete; we only add and correct.
    have = {
        (row["place_id"], row["name"]): row
        for row in PlaceAlias.objects.using(using).values("id", "place_id", "name", *_ALIAS_FIELDS)
    }
    new = [PlaceAlias(place_id=key[0], name=key[1], **row) for key, row in wanted.items() if key not in have]
    changed = [
        PlaceAlias(id=have[key]["id"], place_id=key[0], name=key[1], **row)
        for key, row in wanted.items()
        if key in have and any(have[key][f] != row[f] for f in _ALIAS_FIELDS)
    ]
    PlaceAlias.objects.using(using).bulk_create(new, batch_size=_BATCH)
    PlaceAlias.objects.using(using).bulk_update(changed, _ALIAS_FIELDS, batch_size=_BATCH)
    return len(new) + len(changed)


def _sync_lineage(using: str) -> int:
    have = {
        (row["predecessor_id"], row["successor_id"], row["date"]): row
        for row in PlaceLineage.objects.using(using).values(
            "id", "predecessor_id", "successor_id", "date", "kind", "legal_basis"
        )
    }
    new, changed = [], []
    for rec in gazetteer.lineage():
        key = (rec.predecessor, rec.successor, rec.date)
        fields = {"kind": rec.kind, "legal_basis": rec.legal_basis}
        link = PlaceLineage(
            predecessor_id=rec.predecessor, successor_id=rec.successor, date=rec.date, **fields
        )
        if key not in have:
            new.append(link)
        elif (have[key]["kind"], have[key]["legal_basis"]) != (rec.kind, rec.legal_basis):
            link.id = have[key]["id"]
            changed.append(link)
    PlaceLineage.objects.using(using).bulk_create(new)
    PlaceLineage.objects.using(using).bulk_update(changed, ["kind", "legal_basis"])
    return len(new) + len(changed)


def sync_places(using: str = "default") -> int:
    """Load the gazetteer into Place, PlaceAlias and PlaceLineage; returns rows written (0 when in step)."""
    with transaction.atomic(using=using):
        return _sync_places(using) + _sync_aliases(using) + _sync_lineage(using)


def _unknown(text: str) -> ValidationError:
    guess = gazetteer.resolve(text)
    if guess:
        standard = "ISO 3166-2" if "-" in guess else "ISO 3166-1"
        message = _("unknown place '%(value)s': use an %(standard)s code such as %(guess)s") % {
            "value": text,
            "standard": standard,
            "guess": guess,
        }
    else:
        message = _("unknown place '%(value)s': use an ISO 3166 code such as VN-28, LA-XE or VN") % {
            "value": text
        }
    return ValidationError(message, code="unknown_place")


def _lookable(text: str | None) -> bool:
    """Worth looking up as a code: not blank, and no NUL (PostgreSQL refuses it in a query: a 500, not a 422)."""
    return bool(text and text.strip()) and "\x00" not in str(text)


def get_place(code: str) -> Place:
    """The Place with this ISO code; a ValidationError (suggesting a code when given a name) otherwise."""
    place = Place.objects.filter(pk=code.strip().upper()).first() if _lookable(code) else None
    if place is None:
        raise _unknown(code or "")
    return place


def resolve_place(text: str, country: str | None = None) -> Place:
    """The Place for an ISO code or a written name ("tỉnh Sê Kông"); a ValidationError when unknown."""
    place = Place.objects.filter(pk=text.strip().upper()).first() if _lookable(text) else None
    if place is not None:
        return place
    code = gazetteer.resolve(text or "", country)
    place = Place.objects.filter(pk=code).first() if code else None
    if place is None:
        raise ValidationError(
            _("unknown place '%(value)s': no country or province goes by that name") % {"value": text},
            code="unknown_place",
        )
    return place


def successor_of(place: Place, on: dt.date | None = None) -> Place:
    """The place that carries this one's agreements on that day (default today), following the lineage."""
    day = on or dt.date.today()
    current, seen = place, {place.pk}
    while True:
        link = (
            PlaceLineage.objects.filter(predecessor=current, date__lte=day)
            .exclude(successor=current)
            .select_related("successor")
            .order_by("-date")
            .first()
        )
        if link is None or link.successor_id in seen:
            return current
        current = link.successor
        seen.add(current.pk)


def lineage_of(place: Place) -> list[PlaceLineage]:
    """Every merge or rename this place took part in, as predecessor or successor, in date order."""
    links = PlaceLineage.objects.filter(predecessor=place) | PlaceLineage.objects.filter(successor=place)
    return list(links.select_related("predecessor", "successor").order_by("date", "predecessor_id"))


def place_value(errors: Errors, field: str, value: Any, *, required: bool = False) -> Any:
    """Resolve an ISO code (or a name the resolver knows) to a Place, noting an unknown one."""
    if value in (None, ""):
        if required:
            errors.add(field, _("a place is required: give its ISO 3166-2 code, e.g. VN-28 or LA-XE"))
        return None
    try:
        return get_place(str(getattr(value, "code", value)))
    except ValidationError as exc:
        errors.add(field, "; ".join(exc.messages))
        return None


def places_value(errors: Errors, field: str, values: Any) -> list[Any]:
    """Resolve a list of places, noting unknown ones and any place listed twice."""
    if values is None:
        return []
    if not isinstance(values, list | tuple):
        errors.add(field, _("must be a list of ISO 3166-2 codes"))
        return []
    places: list[Any] = []
    for i, value in enumerate(values):
        place = place_value(errors, f"{field}[{i}]", value, required=True)
        if place is None:
            continue
        if any(p.code == place.code for p in places):
            errors.add(f"{field}[{i}]", _("%(code)s is listed twice") % {"code": place.code})
            continue
        places.append(place)
    return places
