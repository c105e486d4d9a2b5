"""/api/v1/agreements/ and /api/v1/fields/: thin endpoints over the agreement services."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import PatchDict, Query, Status

from hoptac.agreements.filtersets import AgreementFilterSet
from hoptac.agreements.models import Agreement, AgreementParty, CooperationField
from hoptac.agreements.schemas import AgreementDetailOut, AgreementIn, AgreementOut, FieldOut
from hoptac.agreements.services import (
    agreement_status,
    create_agreement,
    planned_reviews,
    update_agreement,
)
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
    uid_of,
    user_of,
)
from hoptac.core.concurrency import version_of
from hoptac.core.openapi import RegistryRouter
from hoptac.core.permissions import rights_of
from hoptac.core.validation import today

router = RegistryRouter(tags=["agreements"])
fields_router = RegistryRouter(tags=["agreements"])


def with_related(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Everything the output needs, in a fixed number of queries whatever the page size."""
    return queryset.select_related("predecessor", "signed_place").prefetch_related(
        # Ordered within the agreement only: Meta.ordering's "agreement" joined and sorted all agreements.
        Prefetch(
            "parties", AgreementParty.objects.select_related("place", "signatory").order_by("position", "id")
        ),
        "fields",
        Prefetch(
            "successors",
            Agreement.objects.only(
                "pk", "uid", "predecessor_id", "signed_on", "effective_on", "period_start"
            ),
        ),
    )


def agreement_out(agreement: Agreement, on: dt.date | None = None) -> dict[str, Any]:
    """The API representation of an agreement (prefetch with with_related)."""
    return {
        "uid": str(agreement.uid),
        "version": version_of(agreement),
        "kind": agreement.kind,
        "title": agreement.title,
        "title_en": agreement.title_en,
        "signed_on": iso(agreement.signed_on),
        "signed_place": agreement.signed_place_id,
        "effective_on": iso(agreement.effective_on),
        "period_start": iso(agreement.period_start),
        "period_end": iso(agreement.period_end),
        "terminated_on": iso(agreement.terminated_on),
        "status": agreement_status(agreement, on),
        "fields": [f.code for f in agreement.fields.all()],
        "parties": [
            {
                "place": p.place_id,
                "place_name": p.place.display_name,
                "body": p.body,
                "signatory": uid_of(p.signatory),
                "signatory_name": p.signatory.name if p.signatory else None,
                "signatory_title": p.signatory_title,
            }
            for p in agreement.parties.all()
        ],
        "predecessor": uid_of(agreement.predecessor),
        "successors": [str(s.uid) for s in agreement.successors.all()],
        "review_every_years": agreement.review_every_years,
        "review_host_rotates": agreement.review_host_rotates,
        "confidential": agreement.confidential,
        "notes": agreement.notes,
        "created_at": agreement.created_at,
        "updated_at": agreement.updated_at,
    }


def agreement_detail(agreement: Agreement) -> dict[str, Any]:
    """An agreement with its planned reviews."""
    out = agreement_out(agreement)
    out["planned_reviews"] = [
        {
            "year": r.year,
            "host": r.host,
            "final": r.final,
            "status": r.status,
            "held": uid_of(r.held),
        }
        for r in planned_reviews(agreement)
    ]
    return out


def _detail(request: HttpRequest, uid: UUID) -> Agreement:
    return get_visible(request, with_related(Agreement.objects.all()), uid=uid)


@router.get("/", response=page_of(AgreementOut), summary="List agreements")
def list_agreements(
    request: HttpRequest,
    params: Query[PageParams],
    q: str | None = None,
    country: str | None = None,
    partner: str | None = None,
    status: Query[list[str] | None] = None,
    field: str | None = None,
    kind: str | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """Agreements, filtered: q (words of the title or a party's name, diacritics optional), country (LA),
    partner (LA-XE), status (repeatable), field (economy), kind, year (signed or running that year)."""
    queryset = with_related(filtered(request, AgreementFilterSet, Agreement.objects.all()))
    on = today()
    return page(queryset, params, lambda rows: [agreement_out(a, on) for a in rows])


@router.get("/{uuid:uid}", response=AgreementDetailOut, summary="One agreement")
def get_agreement(request: HttpRequest, uid: UUID) -> dict[str, Any]:
    """An agreement with its parties, fields, status, planned reviews, predecessor and successors."""
    return agreement_detail(_detail(request, uid))


@router.post("/", response={201: AgreementDetailOut}, summary="Create an agreement")
def post_agreement(request: HttpRequest, payload: AgreementIn) -> Status[dict[str, Any]]:
    """Create an agreement; 422 names each field to fix (parties[1].place, period_end ...)."""
    agreement = create_agreement(payload.dict(), rights=rights_of(user_of(request)))
    return Status(201, agreement_detail(_detail(request, agreement.uid)))


@router.put("/{uuid:uid}", response=AgreementDetailOut, summary="Replace an agreement")
def put_agreement(request: HttpRequest, uid: UUID, payload: AgreementIn) -> dict[str, Any]:
    """Replace every field of an agreement (missing optional fields are cleared)."""
    update_agreement(
        _detail(request, uid), as_of(request, payload.dict()), rights=rights_of(user_of(request))
    )
    return agreement_detail(_detail(request, uid))


@router.patch("/{uuid:uid}", response=AgreementDetailOut, summary="Change an agreement")
def patch_agreement(request: HttpRequest, uid: UUID, payload: PatchDict[AgreementIn]) -> dict[str, Any]:
    """Change only the fields given (parties and fields, when given, replace the old lists)."""
    update_agreement(_detail(request, uid), as_of(request, payload), rights=rights_of(user_of(request)))
    return agreement_detail(_detail(request, uid))


@router.delete("/{uuid:uid}", response={204: None}, summary="Delete an agreement")
def remove_agreement(request: HttpRequest, uid: UUID, hard: bool = HARD_DELETE) -> Status[None]:
    """Delete an agreement with its parties, commitments and deliveries."""
    return remove(request, _detail(request, uid), hard)


@fields_router.get("/", response=list[FieldOut], summary="Fields of cooperation")
def list_fields(request: HttpRequest) -> list[CooperationField]:
    """The vocabulary of fields of cooperation (codes used by agreements)."""
    return list(CooperationField.objects.all())
