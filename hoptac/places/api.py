"""/api/v1/places/: the gazetteer, read-only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query

from hoptac.core.api import PageParams, filtered, get_visible, page, page_of
from hoptac.core.openapi import RegistryRouter
from hoptac.places.filtersets import PlaceFilterSet
from hoptac.places.models import Place
from hoptac.places.schemas import PlaceDetailOut, PlaceOut
from hoptac.places.services import lineage_of, successor_of

router = RegistryRouter(tags=["places"])


def place_out(place: Place) -> dict[str, Any]:
    """The API representation of a place."""
    return {
        "code": place.code,
        "name": place.name,
        "name_vi": place.name_vi,
        "country": place.country_code,
        "level": place.level,
        "type": place.type,
        "parent": place.parent_id,
        "valid_to": place.valid_to,
    }


@router.get("/", response=page_of(PlaceOut), summary="List places")
def list_places(
    request: HttpRequest,
    params: Query[PageParams],
    q: str | None = None,
    country: str | None = None,
    level: int | None = None,
) -> dict[str, Any]:
    """Places; q = a name or alias without diacritics ("se kong"), country (LA), level (0 or 1)."""
    queryset = filtered(request, PlaceFilterSet, Place.objects.all())
    return page(queryset, params, lambda rows: [place_out(p) for p in rows])


@router.get("/{code}", response=PlaceDetailOut, summary="One place")
def get_place(request: HttpRequest, code: str) -> dict[str, Any]:
    """A place by ISO code (VN-28, la-xe), with aliases, lineage and its successor today."""
    place = get_visible(request, Place.objects.prefetch_related("aliases"), code=code.strip().upper())
    return {
        **place_out(place),
        "aliases": [
            {"name": a.name, "language": a.language, "kind": a.kind, "valid_to": a.valid_to}
            for a in place.aliases.all()
        ],
        "lineage": [
            {
                "predecessor": link.predecessor_id,
                "successor": link.successor_id,
                "kind": link.kind,
                "date": link.date,
                "legal_basis": link.legal_basis,
            }
            for link in lineage_of(place)
        ],
        "successor_today": successor_of(place).code,
    }
