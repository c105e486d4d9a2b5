"""/api/v1/activities/: thin endpoints over the activity services."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import PatchDict, Query, Status

from hoptac.activities.filtersets import ActivityFilterSet
from hoptac.activities.models import Activity
from hoptac.activities.schemas import ActivityIn, ActivityOut
from hoptac.activities.services import create_activity, update_activity
from hoptac.agreements.models import Agreement, Commitment
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
from hoptac.core.permissions import rights_of

router = RegistryRouter(tags=["activities"])


def with_related(queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    """Everything the output needs, in a fixed number of queries whatever the page size."""
    return queryset.select_related("head_of_delegation").prefetch_related(
        "parties",
        Prefetch("agreements", Agreement.objects.only("pk", "uid")),
        Prefetch("commitments", Commitment.objects.only("pk", "uid")),
    )


def activity_out(activity: Activity) -> dict[str, Any]:
    """The API representation of an activity (prefetch with with_related)."""
    head = activity.head_of_delegation
    return {
        "uid": str(activity.uid),
        "version": version_of(activity),
        "kind": activity.kind,
        "title": activity.title,
        "date": iso(activity.date),
        "end_date": iso(activity.end_date),
        "place": activity.place_id,
        "parties": [p.code for p in activity.parties.all()],
        "agreements": [str(a.uid) for a in activity.agreements.all()],
        "commitments": [str(c.uid) for c in activity.commitments.all()],
        "status": activity.status,
        "direction": activity.direction,
        "head_of_delegation": None if head is None else {"uid": str(head.uid), "name": head.name},
        "delegation_size": activity.delegation_size,
        "description": activity.description,
    }


def _activity(request: HttpRequest, uid: UUID) -> Activity:
    return get_visible(request, with_related(Activity.objects.all()), uid=uid)


@router.get("/", response=page_of(ActivityOut), summary="List activities")
def list_activities(
    request: HttpRequest,
    params: Query[PageParams],
    q: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    direction: str | None = None,
    place: str | None = None,
    party: str | None = None,
    agreement: UUID | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """Activities, latest first; filters: q, kind, status, direction, place, party (a code, or a name in
    any spelling: "Sê Kông", "se kong", "Sekong"), agreement (uid),
    date_from / date_to (YYYY-MM-DD; a date known to the month meets any day of it), year."""
    queryset = with_related(filtered(request, ActivityFilterSet, Activity.objects.all()))
    return page(queryset, params, lambda rows: [activity_out(a) for a in rows])


@router.get("/{uuid:uid}", response=ActivityOut, summary="One activity")
def get_activity(request: HttpRequest, uid: UUID) -> dict[str, Any]:
    """An activity with its parties, agreements and commitments."""
    return activity_out(_activity(request, uid))


@router.post("/", response={201: ActivityOut}, summary="Record an activity")
def post_activity(request: HttpRequest, payload: ActivityIn) -> Status[dict[str, Any]]:
    """Record a visit, review conference, meeting ...; 422 names each field to fix."""
    activity = create_activity(payload.dict(), rights=rights_of(user_of(request)))
    return Status(201, activity_out(_activity(request, activity.uid)))


@router.put("/{uuid:uid}", response=ActivityOut, summary="Replace an activity")
def put_activity(request: HttpRequest, uid: UUID, payload: ActivityIn) -> dict[str, Any]:
    """Replace every field of an activity."""
    update_activity(
        _activity(request, uid), as_of(request, payload.dict()), rights=rights_of(user_of(request))
    )
    return activity_out(_activity(request, uid))


@router.patch("/{uuid:uid}", response=ActivityOut, summary="Change an activity")
def patch_activity(request: HttpRequest, uid: UUID, payload: PatchDict[ActivityIn]) -> dict[str, Any]:
    """Change only the fields given (lists, when given, replace the old ones)."""
    update_activity(_activity(request, uid), as_of(request, payload), rights=rights_of(user_of(request)))
    return activity_out(_activity(request, uid))


@router.delete("/{uuid:uid}", response={204: None}, summary="Delete an activity")
def remove_activity(request: HttpRequest, uid: UUID, hard: bool = HARD_DELETE) -> Status[None]:
    """Delete an activity."""
    return remove(request, _activity(request, uid), hard)
