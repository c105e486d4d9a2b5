"""Reporting rounds: open, fill, submit, return, approve, close (figures in, period locked), reopen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hoptac.accounts.models import AuditEvent
from hoptac.accounts.tokens import audit
from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement
from hoptac.core.uploads import check_upload
from hoptac.core.validation import (
    Errors,
    check_order,
    date_field,
    decimal_field,
    record_value,
    records_value,
    text_field,
)
from hoptac.figures.locks import place_lock, release_locks
from hoptac.figures.models import Metric
from hoptac.figures.services import create_figure, update_figure, valid_unit
from hoptac.places.services import place_value, places_value
from hoptac.rounds.models import ReportingUnit, Round, Submission
from hoptac.rounds.policies import require_fill, require_manage, require_open, require_reopen

State = Submission.State
FILLABLE = (State.MISSING, State.DRAFT, State.RETURNED)


def _by(record: Model, user: Any) -> None:
    # django-simple-history takes the author from here outside a request (commands, tests).
    if getattr(user, "pk", None):
        record._history_user = user  # type: ignore[attr-defined]


@transaction.atomic
def create_unit(name: str, province: Any, contributors: Sequence[Any] = ()) -> ReportingUnit:
    """Record a reporting unit of a province with its contributors."""
    errors = Errors()
    if not name.strip():
        errors.add("name", _("this field is required"))
    place = place_value(errors, "province", province, required=True)
    errors.raise_if_any()
    if ReportingUnit.objects.filter(province=place, name=name.strip()).exists():
        raise ValidationError({"name": _("%(name)s is already a reporting unit") % {"name": name}})
    unit = ReportingUnit.objects.create(name=name.strip(), province=place)
    unit.contributors.set(contributors)
    return unit


def _unit_of(errors: Errors, field: str, value: Any) -> ReportingUnit | None:
    found = record_value(errors, field, ReportingUnit, value)
    return found if isinstance(found, ReportingUnit) else None


def _ask(errors: Errors, prefix: str, item: Mapping[str, Any]) -> dict[str, Any] | None:
    unit = _unit_of(errors, f"{prefix}unit", item.get("unit"))
    metric = Metric.objects.filter(code=item.get("metric") or "").first()
    if metric is None:
        errors.add(f"{prefix}metric", _("'%(value)s' is not a metric") % {"value": item.get("metric") or ""})
    measure = str(item.get("measure") or (metric.default_unit if metric else "")).strip()
    if metric is not None and not valid_unit(measure):
        errors.add(f"{prefix}measure", _("'%(value)s' is not a unit") % {"value": measure})
    local = Errors()
    start, end = date_field(local, item, "period_start"), date_field(local, item, "period_end")
    check_order(local, start, end, "period_end", pgettext("period", "start"))
    for key, messages in local.messages.items():
        for message in messages:
            errors.add(f"{prefix}{key}", message)
    return {
        "unit": unit,
        "metric": metric,
        "measure": measure,
        "agreement": record_value(errors, f"{prefix}agreement", Agreement, item.get("agreement")),
        "activity": record_value(errors, f"{prefix}activity", Activity, item.get("activity")),
        "scope": places_value(errors, f"{prefix}scope", item.get("scope")),
        "period_start": start,
        "period_end": end,
    }


@transaction.atomic
def open_round(data: Mapping[str, Any], *, by: Any) -> Round:
    """Open a round: name, period, agreements or partners, deadline, and the figures asked of each unit."""
    errors = Errors()
    name = text_field(errors, data, "name", required=True)
    start, end = date_field(errors, data, "period_start"), date_field(errors, data, "period_end")
    if start is None:
        errors.add("period_start", _("a date is required"))
    check_order(errors, start, end, "period_end", pgettext("period", "start"))
    agreements = records_value(errors, "agreements", Agreement, data.get("agreements") or [])
    partners = places_value(errors, "partners", data.get("partners") or [])
    if not agreements and not partners:
        errors.add("agreements", _("give the agreements (or the partners) the round reports on"))
    deadline = date_field(errors, data, "deadline")
    asks = [_ask(errors, f"asks[{i}].", item) for i, item in enumerate(data.get("asks") or [])]
    if not asks:
        errors.add("asks", _("ask at least one unit for at least one metric"))
    seen: set[tuple[int, str]] = set()
    for i, ask in enumerate(asks):
        if ask and ask["unit"] and ask["metric"]:
            key = (ask["unit"].pk, ask["metric"].pk)
            if key in seen:
                errors.add(f"asks[{i}].metric", _("this unit is already asked for this metric"))
            seen.add(key)
    errors.raise_if_any()
    require_open(by, agreements)
    day = deadline.earliest() if deadline is not None else None
    round_ = Round(name=name, period_start=start, period_end=end, deadline=day)
    _by(round_, by)
    round_.save()
    round_.agreements.set(agreements)
    round_.partners.set(partners)
    for ask in asks:
        assert ask is not None
        scope = ask.pop("scope")
        submission = Submission.objects.create(round=round_, **ask)
        submission.scope.set(scope)
    return round_


def _fill(submission: Submission, data: Mapping[str, Any], by: Any) -> Errors:
    require_fill(by, submission)
    errors = Errors()
    if not submission.round.is_open:
        errors.add("__all__", _("The round is closed: its figures can no longer change."))
    elif submission.state not in FILLABLE:
        errors.add(
            "__all__",
            _("This value is %(state)s: it can change only after the officer returns it.")
            % {"state": submission.get_state_display()},
        )
    if "value" in data:
        submission.value = decimal_field(errors, data, "value", column=Submission._meta.get_field("value"))
    if "note" in data:
        submission.note = text_field(errors, data, "note")
    evidence = data.get("evidence")
    if evidence:
        try:
            evidence.name = check_upload(evidence, field="evidence")
            submission.evidence = evidence
        except ValidationError as exc:
            errors.absorb(exc)
    return errors


@transaction.atomic
def save_draft(submission: Submission, data: Mapping[str, Any], *, by: Any) -> Submission:
    """Keep what the unit entered so far (value, evidence note or file) without sending it."""
    errors = _fill(submission, data, by)
    errors.raise_if_any()
    submission.state = State.DRAFT
    _by(submission, by)
    submission.save()
    return submission


@transaction.atomic
def submit(submission: Submission, data: Mapping[str, Any] | None = None, *, by: Any) -> Submission:
    """Send a value to the officer: it needs a number and its evidence (a file or a note)."""
    errors = _fill(submission, data or {}, by)
    if not errors:
        if submission.value is None:
            errors.add("value", _("a number is required"))
        if not submission.evidence and not submission.note.strip():
            errors.add("note", _("give the evidence: attach a file or write where the number comes from"))
    errors.raise_if_any()
    submission.state = State.SUBMITTED
    _by(submission, by)
    submission.save()
    return submission


def _review(submission: Submission, by: Any, allowed: tuple[str, ...]) -> None:
    require_manage(by, submission.round)
    if not submission.round.is_open:
        raise ValidationError({"__all__": _("The round is closed: reopen it first.")})
    if submission.state not in allowed:
        raise ValidationError(
            {
                "__all__": _("This value is %(state)s: only a submitted value can be reviewed.")
                % {"state": submission.get_state_display()}
            }
        )


@transaction.atomic
def return_submission(submission: Submission, comment: str, *, by: Any) -> Submission:
    """Send a value back to its unit with a comment saying what to correct."""
    _review(submission, by, (State.SUBMITTED, State.APPROVED))
    if not comment.strip():
        raise ValidationError({"comment": _("say what the unit should correct")})
    submission.state, submission.comment = State.RETURNED, comment.strip()
    _by(submission, by)
    submission.save()
    return submission


@transaction.atomic
def approve(submission: Submission, *, by: Any) -> Submission:
    """Accept a submitted value (an officer's act: a contributor cannot approve)."""
    _review(submission, by, (State.SUBMITTED,))
    submission.state = State.APPROVED
    _by(submission, by)
    submission.save()
    return submission


def _figure_data(submission: Submission) -> dict[str, Any]:
    evidence = submission.note.strip() or submission.evidence.name or ""
    return {
        "metric": submission.metric_id,
        "value": submission.value,
        "unit": submission.measure,
        "scope": [p.code for p in submission.scope.all()],
        "period_start": str(submission.first or "") or None,
        "period_end": str(submission.last or "") or None,
        "agreement": submission.agreement.uid if submission.agreement else None,
        "activity": submission.activity.uid if submission.activity else None,
        "note": f"{submission.unit.name}: {evidence}",
    }


@transaction.atomic
def close_round(round_: Round, *, by: Any) -> Round:
    """Enter every approved value as a figure under its agreement, lock those periods, close the round."""
    require_manage(by, round_)
    if not round_.is_open:
        raise ValidationError({"__all__": _("The round is already closed.")})
    pending = [s for s in round_.submissions.select_related("unit", "metric") if s.state != State.APPROVED]
    if pending:
        names = "; ".join(f"{s.unit.name} – {s.metric.name_vi} ({s.get_state_display()})" for s in pending)
        raise ValidationError(
            {"__all__": _("Approve every value before closing; still open: %(list)s") % {"list": names}}
        )
    reason = _("closed in the reporting round “%(name)s” on %(day)s") % {
        "name": round_.name,
        "day": timezone.localdate().strftime("%d/%m/%Y"),
    }
    for submission in round_.submissions.select_related("unit", "agreement", "activity", "round"):
        data = _figure_data(submission)
        if submission.figure is not None:
            figure = update_figure(submission.figure, data)
            figure.collected_in = round_.name
            figure.save(update_fields=["collected_in"])
        else:
            submission.figure = create_figure(data, collected_in=round_.name)
            submission.save(update_fields=["figure"])
        place_lock(
            metric=submission.metric,
            agreement=submission.agreement,
            period_start=submission.first,
            period_end=submission.last,
            reason=reason,
            holder=round_.lock_holder,
        )
    round_.status, round_.closed_at = Round.Status.CLOSED, timezone.now()
    _by(round_, by)
    round_.save()
    return round_


@transaction.atomic
def reopen_round(round_: Round, *, by: Any, reason: str) -> Round:
    """Unlock a closed round's periods (administrators only), written in the audit log with the reason."""
    require_reopen(by)
    if round_.is_open:
        raise ValidationError({"__all__": _("The round is open already.")})
    if not reason.strip():
        raise ValidationError({"reason": _("say why the round is reopened")})
    released = release_locks(round_.lock_holder)
    round_.status, round_.closed_at = Round.Status.OPEN, None
    _by(round_, by)
    round_.save()
    audit(
        AuditEvent.Action.ROUND_REOPEN,
        by,
        record_type="round",
        record_uid=str(round_.uid),
        summary=f"{round_.name}: {reason.strip()}",
        locks_released=released,
    )
    return round_


def previous_value(submission: Submission) -> Decimal | None:
    """The same unit's approved value for the metric in its latest earlier closed round."""
    earlier = (
        Submission.objects.filter(
            unit_id=submission.unit_id,
            metric_id=submission.metric_id,
            state=State.APPROVED,
            round__status=Round.Status.CLOSED,
            round__created_at__lt=submission.round.created_at,
        )
        .order_by("-round__created_at")
        .values_list("value", flat=True)
        .first()
    )
    return earlier
