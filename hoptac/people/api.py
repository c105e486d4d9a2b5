"""/api/v1/people/: thin endpoints over the people services."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import PatchDict, Query, Status

from hoptac.core.api import (
    HARD_DELETE,
    PageParams,
    as_of,
    filtered,
    get_visible,
    iso,
    page,
    page_of,
    remove,
    user_of,
)
from hoptac.core.concurrency import version_of
from hoptac.core.openapi import RegistryRouter
from hoptac.core.permissions import require_change, require_create
from hoptac.people.filtersets import PersonFilterSet
from hoptac.people.models import Person
from hoptac.people.schemas import PersonIn, PersonOut
from hoptac.people.services import create_person, update_person

router = RegistryRouter(tags=["people"])


def with_related(queryset: QuerySet[Person]) -> QuerySet[Person]:
    """People with their titles in one more query."""
    return queryset.prefetch_related("titles")


def person_out(person: Person) -> dict[str, Any]:
    """The API representation of a person (prefetch titles)."""
    return {
        "uid": str(person.uid),
        "version": version_of(person),
        "name": person.name,
        "notes": person.notes,
        "titles": [
            {"title": t.title, "place": t.place_id, "start": iso(t.start), "end": iso(t.end)}
            for t in person.titles.all()
        ],
    }


def _person(request: HttpRequest, uid: UUID) -> Person:
    return get_visible(request, with_related(Person.objects.all()), uid=uid)


@router.get("/", response=page_of(PersonOut), summary="List people")
def list_people(
    request: HttpRequest, params: Query[PageParams], q: str | None = None, place: str | None = None
) -> dict[str, Any]:
    """People by name; q ignores diacritics and case ("y ngoc"), place = where a title was held."""
    queryset = with_related(filtered(request, PersonFilterSet, Person.objects.all()))
    return page(queryset, params, lambda rows: [person_out(p) for p in rows])


@router.get("/{uuid:uid}", response=PersonOut, summary="One person")
def get_person(request: HttpRequest, uid: UUID) -> dict[str, Any]:
    """A person with their titles."""
    return person_out(_person(request, uid))


@router.post("/", response={201: PersonOut}, summary="Add a person")
def post_person(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    """Add a person with their titles."""
    require_create(user_of(request), Person)
    person = create_person(payload.dict())
    return Status(201, person_out(_person(request, person.uid)))


@router.put("/{uuid:uid}", response=PersonOut, summary="Replace a person")
def put_person(request: HttpRequest, uid: UUID, payload: PersonIn) -> dict[str, Any]:
    """Replace a person's name, notes and titles."""
    person = _person(request, uid)
    require_change(user_of(request), person)
    update_person(person, as_of(request, payload.dict()))
    return person_out(_person(request, uid))


@router.patch("/{uuid:uid}", response=PersonOut, summary="Change a person")
def patch_person(request: HttpRequest, uid: UUID, payload: PatchDict[PersonIn]) -> dict[str, Any]:
    """Change only the fields given (titles, when given, replace the old list)."""
    person = _person(request, uid)
    require_change(user_of(request), person)
    update_person(person, as_of(request, payload))
    return person_out(_person(request, uid))


@router.delete("/{uuid:uid}", response={204: None}, summary="Delete a person")
def remove_person(request: HttpRequest, uid: UUID, hard: bool = HARD_DELETE) -> Status[None]:
    """Delete a person; the records naming them keep their other data."""
    return remove(request, _person(request, uid), hard)
