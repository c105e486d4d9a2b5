"""/api/v1/rounds/: thin endpoints over the round services (the policies decide who sees and does what)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Schema

from hoptac.core.api import iso, user_of
from hoptac.core.openapi import RegistryRouter
from hoptac.rounds import services
from hoptac.rounds.models import Round, Submission
from hoptac.rounds.policies import visible_rounds, visible_submissions

router = RegistryRouter(tags=["rounds"], versioned=False)


class SubmissionOut(Schema):
    id: int
    unit: str
    metric: str
    measure: str
    value: float | None
    note: str
    state: str
    comment: str
    period_start: str | None
    period_end: str | None


class RoundOut(Schema):
    uid: str
    name: str
    period_start: str | None
    period_end: str | None
    deadline: str | None
    status: str
    submissions: list[SubmissionOut]


class ValueIn(Schema):
    value: float | str | None = None
    note: str | None = None


class CommentIn(Schema):
    comment: str = ""


class ReasonIn(Schema):
    reason: str = ""


def _submission_out(s: Submission) -> dict[str, Any]:
    return {
        "id": s.pk,
        "unit": s.unit.name,
        "metric": s.metric_id,
        "measure": s.measure,
        "value": float(s.value) if s.value is not None else None,
        "note": s.note,
        "state": s.state,
        "comment": s.comment,
        "period_start": iso(s.first),
        "period_end": iso(s.last),
    }


def _round_out(request: HttpRequest, round_: Round) -> dict[str, Any]:
    rows = visible_submissions(user_of(request), round_).select_related("unit", "round")
    return {
        "uid": str(round_.uid),
        "name": round_.name,
        "period_start": iso(round_.period_start),
        "period_end": iso(round_.period_end),
        "deadline": round_.deadline.isoformat() if round_.deadline else None,
        "status": round_.status,
        "submissions": [_submission_out(s) for s in rows],
    }


def _round(request: HttpRequest, uid: UUID) -> Round:
    return get_object_or_404(visible_rounds(user_of(request)), uid=uid)


def _submission(request: HttpRequest, uid: UUID, pk: int) -> Submission:
    round_ = _round(request, uid)
    query = visible_submissions(user_of(request), round_).select_related("round", "unit", "metric")
    return get_object_or_404(query, pk=pk)


def _values(payload: ValueIn) -> dict[str, Any]:
    return payload.dict(exclude_none=True)


@router.get("/", response=list[RoundOut], summary="Reporting rounds")
def list_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    """The rounds the user runs or reports in, each with the submissions the user sees."""
    return [_round_out(request, r) for r in visible_rounds(user_of(request)).order_by("-created_at")]


@router.get("/{uuid:uid}", response=RoundOut, summary="One reporting round")
def get_round(request: HttpRequest, uid: UUID) -> dict[str, Any]:
    """A round with the submissions the user sees (a contributor: their unit's only)."""
    return _round_out(request, _round(request, uid))


@router.post("/{uuid:uid}/submissions/{pk}/draft", response=SubmissionOut, summary="Save a draft value")
def draft(request: HttpRequest, uid: UUID, pk: int, payload: ValueIn) -> dict[str, Any]:
    """Keep a value and its evidence note without sending it."""
    return _submission_out(
        services.save_draft(_submission(request, uid, pk), _values(payload), by=user_of(request))
    )


@router.post("/{uuid:uid}/submissions/{pk}/submit", response=SubmissionOut, summary="Submit a value")
def submit(request: HttpRequest, uid: UUID, pk: int, payload: ValueIn) -> dict[str, Any]:
    """Send a value (with its evidence) to the officer."""
    return _submission_out(
        services.submit(_submission(request, uid, pk), _values(payload), by=user_of(request))
    )


@router.post("/{uuid:uid}/submissions/{pk}/approve", response=SubmissionOut, summary="Approve a value")
def approve(request: HttpRequest, uid: UUID, pk: int) -> dict[str, Any]:
    """Accept a submitted value (the officer running the round)."""
    return _submission_out(services.approve(_submission(request, uid, pk), by=user_of(request)))


@router.post("/{uuid:uid}/submissions/{pk}/return", response=SubmissionOut, summary="Return a value")
def return_(request: HttpRequest, uid: UUID, pk: int, payload: CommentIn) -> dict[str, Any]:
    """Send a value back to its unit with a comment."""
    submission = _submission(request, uid, pk)
    return _submission_out(services.return_submission(submission, payload.comment, by=user_of(request)))


@router.post("/{uuid:uid}/close", response=RoundOut, summary="Close a round")
def close(request: HttpRequest, uid: UUID) -> dict[str, Any]:
    """Enter the approved values as figures and lock their periods."""
    round_ = services.close_round(_round(request, uid), by=user_of(request))
    return _round_out(request, round_)


@router.post("/{uuid:uid}/reopen", response=RoundOut, summary="Reopen a round")
def reopen(request: HttpRequest, uid: UUID, payload: ReasonIn) -> dict[str, Any]:
    """Unlock a closed round (administrators), with the reason for the audit log."""
    round_ = services.reopen_round(_round(request, uid), by=user_of(request), reason=payload.reason)
    return _round_out(request, round_)
