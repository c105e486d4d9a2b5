"""The forms pages: create and change agreements, commitments, deliveries, activities and figures.

Each view reads the form, hands a plain dict to the service, and on a ValidationError shows the
service's messages next to the fields they name; nothing is half-written (one transaction per request).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hoptac.accounts.permissions import home_place_code
from hoptac.activities import services as activity_services
from hoptac.activities.models import Activity
from hoptac.agreements import commitments as commitment_services
from hoptac.agreements import services as agreement_services
from hoptac.agreements.models import Agreement, Commitment, Delivery
from hoptac.core.concurrency import version_of
from hoptac.core.dates import PartialDate
from hoptac.core.permissions import require_change, require_create, rights_of, visible
from hoptac.core.validation import today
from hoptac.figures import services as figure_services
from hoptac.figures.models import Figure
from hoptac.places.models import Place
from hoptac.web import forms, queries
from hoptac.web.form_input import place_name, show_errors
from hoptac.web.widgets import datalist_options


def _save(form_errors: Any, call: Any) -> Any:
    """Run a service call in a savepoint; on a ValidationError roll it back and report the errors."""
    try:
        with transaction.atomic():
            return call()
    except ValidationError as exc:
        form_errors(exc)
        return None


def _version(request: HttpRequest) -> dict[str, str]:
    """The version the form was opened at, so a save over someone else's newer change is refused."""
    version = request.POST.get("version", "")
    return {"version": version} if version else {}


def _form_version(request: HttpRequest, record: Any) -> str:
    # After a refused save the form keeps the version it was opened at: the officer must reload.
    if record is None:
        return ""
    return request.POST.get("version") or version_of(record)


def today_text() -> str:
    """Today as a new record's date starts: 4/12/2026."""
    day = today()
    return PartialDate(day.year, day.month, day.day).display_vi()


@login_required
def agreement_form(request: HttpRequest, uid: str | None = None) -> HttpResponse:
    """Create an agreement with its parties, or change one."""
    agreement = get_object_or_404(visible(request.user, Agreement.objects.all()), uid=uid) if uid else None
    if agreement is not None:
        require_change(request.user, agreement)
    else:
        require_create(request.user, Agreement)
    party_errors: list[str] = []
    if request.method == "POST":
        form = forms.AgreementForm(request.POST, user=request.user)
        rows = forms.party_forms(request.POST)
        valid = form.is_valid() & all([r.is_valid() for r in rows])
        if valid:
            used = [r for r in rows if not r.is_blank()]
            data = {**form.service_data(), "parties": [r.service_data() for r in used]}

            def errors(exc: ValidationError) -> None:
                party_errors.extend(show_errors(exc, form, {"parties": used}).get("parties", []))

            if agreement is None:
                saved = _save(
                    errors,
                    lambda: agreement_services.create_agreement(
                        data, rights=rights_of(request.user), link_renewal=True
                    ),
                )
            else:
                saved = _save(
                    errors,
                    lambda: agreement_services.update_agreement(
                        agreement, {**data, **_version(request)}, rights=rights_of(request.user)
                    ),
                )
            if saved is not None:
                messages.success(request, _("Saved: %(title)s") % {"title": saved.title})
                return redirect("web:agreement", uid=saved.uid)
    else:
        if agreement is not None:
            form = forms.AgreementForm(initial=forms.AgreementForm.initial_from(agreement), user=request.user)
            parties = [
                {
                    "place": p.place.display_name,
                    "body": p.body,
                    "signatory": p.signatory.name if p.signatory else "",
                    "signatory_title": p.signatory_title,
                }
                for p in agreement.parties.select_related("signatory", "place")
            ]
            rows = forms.party_forms(initial=parties, extra=1)
        else:
            form = forms.AgreementForm(
                initial={"kind": "mou", "review_host_rotates": True}, user=request.user
            )
            home = home_place_code(request.user)
            rows = forms.party_forms(initial=[{"place": place_name(home)}] if home else [], extra=1)
    context = {
        "form": form,
        "rows": rows,
        "party_errors": party_errors,
        "any_errors": bool(form.errors or party_errors or any(r.errors for r in rows)),
        "next_index": max([int((r.prefix or "p-0").split("-")[1]) for r in rows], default=-1) + 1,
        "agreement": agreement,
        "place_options": datalist_options(
            (place.display_name, "")
            for place in Place.objects.filter(level=1).order_by("country_code", "code")
        ),
        "nav": "agreements",
    }
    context["version"] = _form_version(request, agreement)
    return render(request, "web/agreement_form.html", context)


@login_required
def party_row(request: HttpRequest) -> HttpResponse:
    """One more empty party row (htmx), and the button that adds the next one."""
    try:
        index = max(0, min(int(request.GET.get("index", "0")), 99))
    except ValueError:
        index = 0
    row = forms.PartyForm(prefix=f"parties-{index}")
    return render(request, "web/_party_row.html", {"row": row, "next_index": index + 1, "oob": True})


@login_required
def commitment_form(request: HttpRequest, uid: str) -> HttpResponse:
    """Add a commitment to an agreement (uid of the agreement), or change one (uid of the commitment)."""
    commitment = None
    if request.resolver_match and request.resolver_match.url_name == "commitment-edit":
        commitment = get_object_or_404(Commitment.objects.select_related("agreement"), uid=uid)
        agreement = commitment.agreement
        if not visible(request.user, Agreement.objects.filter(pk=agreement.pk)).exists():
            raise Http404
        require_change(request.user, commitment)
    else:
        agreement = get_object_or_404(visible(request.user, Agreement.objects.all()), uid=uid)
        require_create(request.user, Commitment, agreement)
    if request.method == "POST":
        form = forms.CommitmentForm(request.POST, agreement=agreement)
        if form.is_valid():
            data = form.service_data()

            def errors(exc: ValidationError) -> None:
                show_errors(exc, form)

            if commitment is None:
                saved = _save(
                    errors,
                    lambda: commitment_services.create_commitment(
                        agreement, data, rights=rights_of(request.user)
                    ),
                )
            else:
                saved = _save(
                    errors,
                    lambda: commitment_services.update_commitment(
                        commitment, {**data, **_version(request)}, rights=rights_of(request.user)
                    ),
                )
            if saved is not None:
                messages.success(request, _("Commitment saved."))
                return redirect(reverse("web:commitment", args=[saved.uid]))
    else:
        initial: dict[str, Any] = {}
        if commitment is not None:
            initial = {
                k: str(getattr(commitment, k) or "")
                for k in ("period_start", "period_end", "due", "description", "unit")
            }
            initial.update(giver=commitment.giver_id, receiver=commitment.receiver_id)
            initial["quantity"] = (
                f"{commitment.quantity.normalize():f}" if commitment.quantity is not None else ""
            )
        form = forms.CommitmentForm(initial=initial, agreement=agreement)
    context = {"form": form, "agreement": agreement, "commitment": commitment, "nav": "agreements"}
    context["version"] = _form_version(request, commitment)
    return render(request, "web/commitment_form.html", context)


@login_required
def delivery_form(request: HttpRequest, uid: str) -> HttpResponse:
    """Record a delivery against a commitment (uid of the commitment), or change one (uid of the delivery)."""
    delivery = None
    if request.resolver_match and request.resolver_match.url_name == "delivery-edit":
        delivery = get_object_or_404(Delivery.objects.select_related("commitment__agreement"), uid=uid)
        commitment = delivery.commitment
    else:
        commitment = get_object_or_404(Commitment.objects.select_related("agreement"), uid=uid)
    # Hidden first (404), then refused (403): a 403 would tell that a confidential record exists.
    if not visible(request.user, Agreement.objects.filter(pk=commitment.agreement_id)).exists():
        raise Http404
    if delivery is not None:
        require_change(request.user, delivery)
    else:
        require_create(request.user, Delivery, commitment.agreement)
    if request.method == "POST":
        form = forms.DeliveryForm(request.POST)
        if form.is_valid():
            data = form.service_data()

            def errors(exc: ValidationError) -> None:
                show_errors(exc, form)

            if delivery is None:
                saved = _save(
                    errors,
                    lambda: commitment_services.record_delivery(
                        commitment, data, rights=rights_of(request.user)
                    ),
                )
            else:
                saved = _save(
                    errors,
                    lambda: commitment_services.update_delivery(
                        delivery, {**data, **_version(request)}, rights=rights_of(request.user)
                    ),
                )
            if saved is not None:
                messages.success(request, _("Delivery recorded."))
                return redirect(reverse("web:commitment", args=[commitment.uid]))
    else:
        initial = {}
        if delivery is not None:
            initial = {
                "date": str(delivery.date or ""),
                "quantity": f"{delivery.quantity.normalize():f}",
                "evidence": delivery.evidence,
            }
        form = forms.DeliveryForm(initial=initial)
    context = {"form": form, "commitment": commitment, "delivery": delivery, "nav": "agreements"}
    context["version"] = _form_version(request, delivery)
    return render(request, "web/delivery_form.html", context)


def _activity_choices(user: Any) -> dict[str, Any]:
    # Agreements are searched in a picker (thousands of them); the places that are parties stay a list.
    return {"places": list(queries.party_places(user)), "user": user}


@login_required
def activity_form(request: HttpRequest, uid: str | None = None) -> HttpResponse:
    """Record any activity, or change one."""
    activity = get_object_or_404(queries.activities_queryset(request.user), uid=uid) if uid else None
    if activity is not None:
        require_change(request.user, activity)
    else:
        require_create(request.user, Activity)
    choices = _activity_choices(request.user)
    if request.method == "POST":
        form = forms.ActivityForm(request.POST, **choices)
        if form.is_valid():
            data = form.service_data()

            def errors(exc: ValidationError) -> None:
                show_errors(exc, form)

            if activity is None:
                saved = _save(
                    errors, lambda: activity_services.create_activity(data, rights=rights_of(request.user))
                )
            else:
                saved = _save(
                    errors,
                    lambda: activity_services.update_activity(
                        activity, {**data, **_version(request)}, rights=rights_of(request.user)
                    ),
                )
            if saved is not None:
                messages.success(request, _("Activity saved."))
                return redirect("web:activity", uid=saved.uid)
    else:
        initial: dict[str, Any] = (
            forms.ActivityForm.initial_from(activity)
            if activity
            else {"kind": request.GET.get("kind", "visit"), "status": "held", "date": today_text()}
        )
        if activity is None and request.GET.get("agreement"):
            initial["agreements"] = [request.GET["agreement"]]
        form = forms.ActivityForm(initial=initial, **choices)
    context = {"form": form, "activity": activity, "nav": "activities"}
    context["place_options"] = datalist_options((p.display_name, "") for p in choices["places"])
    context["version"] = _form_version(request, activity)
    return render(request, "web/activity_form.html", context)


@login_required
def visit_form(request: HttpRequest) -> HttpResponse:
    """The quick form: record a delegation's visit."""
    require_create(request.user, Activity)
    choices = _activity_choices(request.user)
    if request.method == "POST":
        form = forms.VisitForm(request.POST, **choices)
        if form.is_valid():

            def errors(exc: ValidationError) -> None:
                show_errors(exc, form)

            saved = _save(
                errors,
                lambda: activity_services.create_activity(
                    form.service_data(), rights=rights_of(request.user)
                ),
            )
            if saved is not None:
                messages.success(request, _("Visit recorded: %(title)s") % {"title": str(saved)})
                return redirect("web:activity", uid=saved.uid)
    else:
        home = home_place_code(request.user)
        form = forms.VisitForm(
            initial={"direction": "incoming", "province": home, "date": today_text()}, **choices
        )
    return render(request, "web/visit_form.html", {"form": form, "nav": "activities"})


@login_required
def figure_form(request: HttpRequest, uid: str | None = None) -> HttpResponse:
    """Record a reported figure, or change one."""
    figure = get_object_or_404(queries.figures_queryset(request.user), uid=uid) if uid else None
    if figure is not None:
        require_change(request.user, figure)
    else:
        require_create(request.user, Figure)
    choices = _activity_choices(request.user)
    if request.method == "POST":
        form = forms.FigureForm(request.POST, **choices)
        if form.is_valid():
            data = form.service_data()

            def errors(exc: ValidationError) -> None:
                show_errors(exc, form)

            if figure is None:
                saved = _save(
                    errors, lambda: figure_services.create_figure(data, rights=rights_of(request.user))
                )
            else:
                saved = _save(
                    errors,
                    lambda: figure_services.update_figure(
                        figure, {**data, **_version(request)}, rights=rights_of(request.user)
                    ),
                )
            if saved is not None:
                messages.success(request, _("Figure saved."))
                if saved.agreement_id:
                    return redirect("web:agreement", uid=saved.agreement.uid)
                return redirect("web:dashboard")
    else:
        initial: dict[str, Any] = {"agreement": request.GET.get("agreement", "")}
        if figure is not None:
            initial = {
                "metric": figure.metric_id,
                "value": f"{figure.value.normalize():f}",
                "unit": figure.unit,
                "scope": [p.code for p in figure.scope.all()],
                "period_start": str(figure.period_start or ""),
                "period_end": str(figure.period_end or ""),
                "agreement": str(figure.agreement.uid) if figure.agreement else "",
                "note": figure.note,
            }
        form = forms.FigureForm(initial=initial, **choices)
    context = {"form": form, "figure": figure, "nav": "dashboard", "version": _form_version(request, figure)}
    return render(request, "web/figure_form.html", context)
