"""Creating and changing people and their titles."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hoptac.core.concurrency import checked
from hoptac.core.text import fold
from hoptac.core.validation import Errors, as_uuid, check_order, date_field, text_field
from hoptac.people.models import Person, Title
from hoptac.places.services import place_value


def _titles(errors: Errors, rows: Any) -> list[dict[str, Any]]:
    if rows is None:
        return []
    if not isinstance(rows, list):
        errors.add("titles", _("must be a list of {title, place, start, end}"))
        return []
    clean = []
    for i, row in enumerate(rows):
        row_errors = Errors(prefix=f"titles[{i}].")
        if isinstance(row, str):
            row = {"title": row}
        if not isinstance(row, Mapping):
            errors.add(f"titles[{i}]", _("must be an object with a title"))
            continue
        title = text_field(row_errors, row, "title", required=True, max_length=300)
        start, end = date_field(row_errors, row, "start"), date_field(row_errors, row, "end")
        check_order(row_errors, start, end, "end", pgettext("period", "start"))
        place = place_value(row_errors, "place", row.get("place"))
        for key, messages in row_errors.messages.items():
            for message in messages:
                errors.add(key, message)
        clean.append({"title": title, "place": place, "start": start, "end": end})
    return clean


@transaction.atomic
def create_person(data: Mapping[str, Any], *, uid: Any = None) -> Person:
    """Create a person with titles; the name is required."""
    errors = Errors()
    name = text_field(errors, data, "name", required=True, max_length=200)
    titles = _titles(errors, data.get("titles"))
    errors.raise_if_any()
    person = Person(name=name, notes=text_field(errors, data, "notes"))
    if uid:
        person.uid = uid
    person.save()
    for row in titles:
        Title.objects.create(person=person, **row)
    return person


@transaction.atomic
def update_person(person: Person, data: Mapping[str, Any]) -> Person:
    """Change a person's name, notes or titles (titles, when given, replace the old list)."""
    data = checked(person, data)
    errors = Errors()
    if "name" in data:
        person.name = text_field(errors, data, "name", required=True, max_length=200)
    if "notes" in data:
        person.notes = text_field(errors, data, "notes")
    titles = _titles(errors, data.get("titles")) if "titles" in data else None
    errors.raise_if_any()
    person.save()
    if titles is not None:
        person.titles.all().delete()
        for row in titles:
            Title.objects.create(person=person, **row)
    return person


@transaction.atomic
def delete_person(person: Person) -> None:
    """Delete a person; agreements and activities keep their other data."""
    person.delete()


def find_or_create_person(name: str, title: str = "", place: Any = None) -> Person:
    """The person of that name (compared without diacritics or case), created if new."""
    person = Person.objects.filter(folded=fold(name)).order_by("id").first()
    if person is None:
        person = create_person({"name": name, "titles": [{"title": title, "place": place}] if title else []})
    elif title and not person.titles.filter(title=title).exists():
        update_person(person, {"titles": [*_current_titles(person), {"title": title, "place": place}]})
    return person


def _current_titles(person: Person) -> list[dict[str, Any]]:
    return [
        {"title": t.title, "place": t.place_id, "start": t.start, "end": t.end} for t in person.titles.all()
    ]


def resolve_person(value: Any, *, field: str, title: str = "", place: Any = None) -> Person | None:
    """A Person given as an instance, a public id, or a name (found or created); an unknown id is an error."""
    if not value:
        return None
    if isinstance(value, Person):
        return value
    uid = as_uuid(value)
    if uid is None:
        return find_or_create_person(str(value), title, place)
    found = Person.objects.filter(uid=uid).first()
    if found is None:
        errors = Errors()
        errors.add(
            field,
            _("no %(model)s with id '%(value)s'") % {"model": Person._meta.verbose_name, "value": value},
        )
        errors.raise_if_any()
    return found
