"""Round pages: the list, the officer's progress grid (htmx return/approve), a unit's form, close and reopen."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoptac.rounds import services, workbook
from hoptac.rounds.models import ReportingUnit, Round, Submission
from hoptac.rounds.policies import fills, manages, visible_rounds, visible_submissions


def _round(request: HttpRequest, uid: str) -> Round:
    return get_object_or_404(visible_rounds(request.user), uid=uid)


def _messages(exc: ValidationError) -> list[str]:
    return (
        [m for messages_ in exc.message_dict.values() for m in messages_]
        if hasattr(exc, "error_dict")
        else exc.messages
    )


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    """The rounds the user runs or reports in."""
    rounds = visible_rounds(request.user).order_by("-created_at")
    return render(request, "rounds/list.html", {"rounds": rounds, "nav": "rounds"})


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    """Open a round: name, period, deadline, agreements, and which unit is asked which metric."""
    from hoptac.agreements.models import Agreement
    from hoptac.core.permissions import visible
    from hoptac.figures.models import Metric

    agreements = list(visible(request.user, Agreement.objects.order_by("title"))[:300])
    units = list(ReportingUnit.objects.select_related("province"))
    metrics = list(Metric.objects.all())
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        chosen = [a for a in agreements if str(a.uid) in request.POST.getlist("agreements")]
        codes = sorted({p.place_id for a in chosen for p in a.parties.all()})
        asks = [
            {
                "unit": u,
                "metric": m.code,
                "scope": codes,
                "agreement": chosen[0] if len(chosen) == 1 else None,
            }
            for u in units
            for m in metrics
            if f"{u.uid}:{m.code}" in request.POST.getlist("asks")
        ]
        data = {key: request.POST.get(key, "") for key in ("name", "period_start", "period_end", "deadline")}
        try:
            with transaction.atomic():
                made = services.open_round({**data, "agreements": chosen, "asks": asks}, by=request.user)
            messages.success(request, _("The round is open; each unit now sees its form."))
            return redirect("rounds:detail", uid=made.uid)
        except ValidationError as exc:
            errors = exc.message_dict
    context = {
        "agreements": agreements,
        "units": units,
        "metrics": metrics,
        "errors": errors,
        "values": request.POST,
        "picked": set(request.POST.getlist("asks")),
        "nav": "rounds",
    }
    return render(request, "rounds/new.html", context, status=400 if errors else 200)


@login_required
def round_detail(request: HttpRequest, uid: str) -> HttpResponse:
    """The progress grid (unit × metric) for the officer; a contributor goes to their unit's form."""
    round_ = _round(request, uid)
    if not manages(request.user, round_):
        unit = ReportingUnit.objects.filter(submissions__round=round_, contributors=request.user.pk).first()
        if unit is None:
            raise Http404
        return redirect("rounds:form", uid=round_.uid, unit=unit.uid)
    submissions = list(
        round_.submissions.select_related("unit", "metric").order_by("unit__name", "metric__position")
    )
    metrics = list(dict.fromkeys(s.metric for s in submissions))
    cells: dict[Any, dict[str, Submission]] = defaultdict(dict)
    for s in submissions:
        cells[s.unit][s.metric_id] = s
    grid = [(unit, [row.get(m.code) for m in metrics]) for unit, row in cells.items()]
    counts = {state: sum(s.state == state for s in submissions) for state, _label in Submission.State.choices}
    context = {"round": round_, "metrics": metrics, "grid": grid, "counts": counts, "nav": "rounds"}
    return render(request, "rounds/detail.html", context)


@login_required
@require_POST
def review(request: HttpRequest, uid: str, pk: int) -> HttpResponse:
    """Approve or return one value; htmx gets the grid cell back, a plain form the grid page."""
    round_ = _round(request, uid)
    submission = get_object_or_404(round_.submissions.select_related("unit", "metric", "round"), pk=pk)
    error = ""
    try:
        with transaction.atomic():
            if request.POST.get("action") == "approve":
                services.approve(submission, by=request.user)
            else:
                services.return_submission(submission, request.POST.get("comment", ""), by=request.user)
    except ValidationError as exc:
        error = " ".join(_messages(exc))
        submission.refresh_from_db()
    if request.headers.get("HX-Request"):
        return render(request, "rounds/_cell.html", {"s": submission, "round": round_, "error": error})
    if error:
        messages.error(request, error)
    return redirect("rounds:detail", uid=round_.uid)


def _fill_all(request: HttpRequest, rows: list[Submission]) -> dict[int, list[str]]:
    """Apply the posted values to every row the unit may still change; all or nothing."""
    submit = request.POST.get("action") == "submit"
    errors: dict[int, list[str]] = {}
    try:
        with transaction.atomic():
            for s in rows:
                if s.state not in services.FILLABLE:
                    continue
                data: dict[str, Any] = {
                    "value": request.POST.get(f"value-{s.pk}", "").strip().replace(" ", ""),
                    "note": request.POST.get(f"note-{s.pk}", ""),
                    "evidence": request.FILES.get(f"evidence-{s.pk}"),
                }
                try:
                    if submit:
                        services.submit(s, data, by=request.user)
                    else:
                        services.save_draft(s, data, by=request.user)
                except ValidationError as exc:
                    errors[s.pk] = _messages(exc)
            if errors:
                raise ValidationError("rolled back")
    except ValidationError:
        if not errors:
            raise
    return errors


@login_required
def unit_form(request: HttpRequest, uid: str, unit: str) -> HttpResponse:
    """A unit's form: the figures asked, last round's values beside them, evidence, draft or submit."""
    round_ = _round(request, uid)
    reporting_unit = get_object_or_404(ReportingUnit, uid=unit)
    if not (fills(request.user, reporting_unit) or manages(request.user, round_)):
        raise PermissionDenied(_("This form belongs to another reporting unit."))
    rows = list(
        visible_submissions(request.user, round_)
        .filter(unit=reporting_unit)
        .select_related("metric", "agreement", "round", "unit")
        .prefetch_related("scope")
    )
    errors: dict[int, list[str]] = {}
    if request.method == "POST":
        errors = _fill_all(request, rows)
        if not errors:
            sent = request.POST.get("action") == "submit"
            messages.success(
                request, _("Your figures were sent to the officer.") if sent else _("Draft saved.")
            )
            return redirect("rounds:form", uid=round_.uid, unit=reporting_unit.uid)
    entries = [
        {
            "s": s,
            "previous": services.previous_value(s),
            "errors": errors.get(s.pk, []),
            "value": request.POST.get(f"value-{s.pk}") if errors else None,
            "note": request.POST.get(f"note-{s.pk}") if errors else None,
            "editable": round_.is_open and s.state in services.FILLABLE,
        }
        for s in rows
    ]
    context = {"round": round_, "unit": reporting_unit, "entries": entries, "errors": errors, "nav": "rounds"}
    return render(request, "rounds/form.html", context, status=400 if errors else 200)


@login_required
@require_POST
def remind(request: HttpRequest, uid: str) -> HttpResponse:
    """Queue the reminders to the units that have not sent their figures; the job's page says who got one."""
    from hoptac.rounds.policies import require_manage
    from hoptac.rounds.tasks import remind_job
    from hoptac.tasks import jobs

    round_ = _round(request, uid)
    require_manage(request.user, round_)
    job = jobs.start(request.user, "remind")
    transaction.on_commit(lambda: remind_job(job.pk, round_.pk))  # once the job's row is committed
    return redirect("tasks:job", pk=job.pk)


@login_required
@require_POST
def close(request: HttpRequest, uid: str) -> HttpResponse:
    """Close the round: its figures enter the registry and their periods lock."""
    round_ = _round(request, uid)
    try:
        with transaction.atomic():
            services.close_round(round_, by=request.user)
        messages.success(request, _("The round is closed; its figures are in the registry and locked."))
    except ValidationError as exc:
        messages.error(request, " ".join(_messages(exc)))
    return redirect("rounds:detail", uid=round_.uid)


@login_required
@require_POST
def reopen(request: HttpRequest, uid: str) -> HttpResponse:
    """Reopen a closed round (administrators), with the reason for the audit log."""
    round_ = _round(request, uid)
    try:
        with transaction.atomic():
            services.reopen_round(round_, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The round is open again; its figures are unlocked."))
    except ValidationError as exc:
        messages.error(request, " ".join(_messages(exc)))
    return redirect("rounds:detail", uid=round_.uid)


def _unit_for(request: HttpRequest, uid: str, unit: str) -> tuple[Round, ReportingUnit]:
    round_ = _round(request, uid)
    reporting_unit = get_object_or_404(ReportingUnit, uid=unit)
    if not (fills(request.user, reporting_unit) or manages(request.user, round_)):
        raise PermissionDenied(_("This form belongs to another reporting unit."))
    return round_, reporting_unit


@login_required
def unit_xlsx(request: HttpRequest, uid: str, unit: str) -> HttpResponse:
    """The unit's form as an XLSX to fill offline."""
    round_, reporting_unit = _unit_for(request, uid, unit)
    response = HttpResponse(
        workbook.unit_template(round_, reporting_unit),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="bieu-mau-{reporting_unit.uid}.xlsx"'
    return response


@login_required
@require_POST
def unit_upload(request: HttpRequest, uid: str, unit: str) -> HttpResponse:
    """Take a filled workbook back: every cell good, or nothing saved and a message per bad cell."""
    round_, reporting_unit = _unit_for(request, uid, unit)
    file = request.FILES.get("file")
    try:
        if file is None:
            raise ValidationError({"file": _("choose the filled XLSX file")})
        with transaction.atomic():
            count = workbook.upload(
                round_, reporting_unit, file, by=request.user, submit=request.POST.get("action") == "submit"
            )
        messages.success(request, _("%(count)d values read from the workbook.") % {"count": count})
    except ValidationError as exc:
        for where, problems in exc.message_dict.items():
            for problem in problems:
                messages.error(request, f"{where}: {problem}")
    return redirect("rounds:form", uid=round_.uid, unit=reporting_unit.uid)
