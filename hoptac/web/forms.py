"""Forms of the web pages. They only read what was typed; the services validate and save.

Reading typed values (place names, Vietnamese numbers) and showing the services' errors beside the
fields is in hoptac.web.form_input.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, Commitment, CooperationField
from hoptac.figures.models import Metric
from hoptac.web.form_input import number_text, place_code, place_name, whole_number
from hoptac.web.pickers import AgreementPickerField
from hoptac.web.widgets import PartialDateWidget, PlaceSelect, PlaceSelectMultiple


def _date(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=10,
        help_text=_("day/month/year (4/12/2026), month/year (12/2026) or a year"),
        widget=PartialDateWidget(),
    )


# A figure's unit: stored as a key (count, percent) or an ISO 4217 currency, offered by name.
FIGURE_UNITS = [
    ("", _("the metric's usual unit")),
    ("count", _("number")),
    ("percent", _("percent (%)")),
    ("USD", "USD"),
    ("VND", _("VND (đồng)")),
    ("LAK", _("LAK (kip)")),
    ("KHR", _("KHR (riel)")),
    ("THB", _("THB (baht)")),
    ("CNY", _("CNY (yuan)")),
    ("EUR", "EUR"),
]


# The pickers of several places: searched by name in any spelling (web/pickers.js), else a plain list.
PLACES_HELP = _(
    "Type part of a name in any spelling (Sê Kông, Sekong), choose with the arrow keys and Enter; "
    "Backspace removes the last one. Without JavaScript, hold Ctrl to choose several."
)


def set_choices(form: forms.Form, name: str, choices: Any) -> None:
    """Fill a choice field's options (known only when the form is made: places, agreements …)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def offer_to(form: forms.Form, user: Any) -> None:
    """Let the form's agreement pickers offer and accept only what this user may see."""
    for field in form.fields.values():
        if isinstance(field, AgreementPickerField):
            field.for_user(user)


class AgreementForm(forms.Form):
    """An agreement's own fields (its parties come as PartyForm rows)."""

    title = forms.CharField(label=_("title (Vietnamese)"), max_length=500)
    title_en = forms.CharField(label=_("title (English)"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=Agreement.Kind.choices)
    signed_on = _date(_("signed"))
    signed_place = forms.CharField(label=_("signed at"), required=False, help_text=_("name of a place"))
    effective_on = _date(_("effective from"))
    period_start = _date(_("period from"))
    period_end = _date(_("period to"))
    terminated_on = _date(_("terminated"))
    # Named so as not to hide Form.fields; the services call it "fields".
    cooperation_fields = forms.MultipleChoiceField(
        label=_("fields of cooperation"), required=False, widget=forms.CheckboxSelectMultiple
    )
    predecessor = AgreementPickerField(label=_("predecessor"), required=False)
    review_every_years = forms.CharField(
        label=_("review every (years)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}),
    )
    review_host_rotates = forms.BooleanField(label=_("review host rotates"), required=False, initial=True)
    confidential = forms.BooleanField(label=_("confidential"), required=False)
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    error_aliases = {"fields": "cooperation_fields"}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "cooperation_fields", [(f.code, f.name_vi) for f in CooperationField.objects.all()])
        offer_to(self, user)

    def service_data(self) -> dict[str, Any]:
        """The typed values in the shape create_agreement/update_agreement take."""
        d = self.cleaned_data
        data = {k: d.get(k, "") for k in ("title", "title_en", "kind", "notes", "predecessor")}
        for key in ("signed_on", "effective_on", "period_start", "period_end", "terminated_on"):
            data[key] = d.get(key) or None
        data["signed_place"] = place_code(d.get("signed_place", "")) or None
        data["fields"] = list(d.get("cooperation_fields") or [])
        data["review_every_years"] = whole_number(d.get("review_every_years", ""))
        data["review_host_rotates"] = bool(d.get("review_host_rotates"))
        data["confidential"] = bool(d.get("confidential"))
        return data

    @staticmethod
    def initial_from(agreement: Agreement) -> dict[str, Any]:
        """The form's starting values for an existing agreement."""
        initial: dict[str, Any] = {
            k: getattr(agreement, k) or ""
            for k in ("title", "title_en", "kind", "notes", "review_host_rotates", "confidential")
        }
        for key in ("signed_on", "effective_on", "period_start", "period_end", "terminated_on"):
            value = getattr(agreement, key)
            initial[key] = str(value) if value else ""
        initial["signed_place"] = place_name(agreement.signed_place_id)
        initial["cooperation_fields"] = [f.code for f in agreement.fields.all()]
        initial["predecessor"] = str(agreement.predecessor.uid) if agreement.predecessor else ""
        initial["review_every_years"] = agreement.review_every_years or ""
        return initial


class PartyForm(forms.Form):
    """One party row: the place, the body that signs for it, the signatory and their title."""

    place = forms.CharField(
        label=_("place"),
        required=False,
        help_text=_("name of the province (Kon Tum, Sê Kông)"),
        widget=forms.TextInput(attrs={"list": "place-codes", "size": 14}),
    )
    body = forms.CharField(label=_("signing body"), required=False, max_length=200)
    signatory = forms.CharField(label=_("signatory"), required=False, max_length=200)
    signatory_title = forms.CharField(label=_("signatory's title"), required=False, max_length=300)

    def is_blank(self) -> bool:
        return not any((self.cleaned_data.get(k) or "").strip() for k in self.fields)

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "place": place_code(d.get("place", "")),
            "body": d.get("body", ""),
            "signatory": d.get("signatory") or None,
            "signatory_title": d.get("signatory_title", ""),
        }


def party_forms(
    data: Any = None, initial: list[dict[str, Any]] | None = None, extra: int = 1
) -> list[PartyForm]:
    """Party rows from a POST (every index sent, so rows added by htmx count) or from initial values."""
    if data is not None:
        indexes = sorted({int(m[1]) for k in data for m in [re.match(r"^parties-(\d+)-place$", k)] if m})
        return [PartyForm(data, prefix=f"parties-{i}") for i in indexes]
    rows = list(initial or [])
    rows += [{}] * max(extra, 2 - len(rows))
    return [PartyForm(initial=row, prefix=f"parties-{i}") for i, row in enumerate(rows)]


class CommitmentForm(forms.Form):
    """A commitment between two parties of the agreement."""

    giver = forms.ChoiceField(label=_("giver"))
    receiver = forms.ChoiceField(label=_("receiver"))
    quantity = forms.CharField(
        label=_("quantity"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    unit = forms.ChoiceField(label=_("unit"), required=False, choices=[("", "—"), *Commitment.Unit.choices])
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    period_start = _date(_("from"))
    period_end = _date(_("to"))
    due = _date(_("due"))

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(p.place_id, p.place.display_name) for p in agreement.parties.select_related("place")]
        set_choices(self, "giver", choices)
        set_choices(self, "receiver", choices)

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        data = {k: d.get(k, "") for k in ("giver", "receiver", "unit", "description")}
        data["quantity"] = number_text(d.get("quantity", "")) or None
        for key in ("period_start", "period_end", "due"):
            data[key] = d.get(key) or None
        return data


class DeliveryForm(forms.Form):
    """Part of a commitment delivered."""

    date = _date(_("date"))
    quantity = forms.CharField(
        label=_("quantity"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    evidence = forms.CharField(label=_("evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "date": d.get("date") or None,
            "quantity": number_text(d.get("quantity", "")) or None,
            "evidence": d.get("evidence", ""),
        }


class ActivityForm(forms.Form):
    """Any activity: visit, review conference, meeting, signing …"""

    kind = forms.ChoiceField(label=_("kind"), choices=Activity.Kind.choices)
    status = forms.ChoiceField(label=_("status"), choices=Activity.Status.choices, initial="held")
    title = forms.CharField(label=_("title"), required=False, max_length=500)
    date = _date(_("date"))
    end_date = _date(_("until"))
    place = forms.CharField(
        label=_("place"), required=False, widget=forms.TextInput(attrs={"list": "place-codes"})
    )
    direction = forms.ChoiceField(
        label=_("direction"), required=False, choices=[("", "—"), *Activity.Direction.choices]
    )
    parties = forms.MultipleChoiceField(
        label=_("parties"), required=False, widget=PlaceSelectMultiple, help_text=PLACES_HELP
    )
    agreements = AgreementPickerField(label=_("agreements"), required=False, multiple=True)
    head_of_delegation = forms.CharField(label=_("head of delegation"), required=False, max_length=200)
    delegation_size = forms.CharField(
        label=_("delegation size"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any, places: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "parties", [(p.code, p.display_name) for p in places])
        offer_to(self, user)

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        data = {
            k: d.get(k, "")
            for k in ("kind", "status", "title", "direction", "head_of_delegation", "description")
        }
        data["date"], data["end_date"] = d.get("date") or None, d.get("end_date") or None
        data["place"] = place_code(d.get("place", "")) or None
        data["parties"] = list(d.get("parties") or [])
        data["agreements"] = list(d.get("agreements") or [])
        data["delegation_size"] = whole_number(d.get("delegation_size", ""))
        data["head_of_delegation"] = data["head_of_delegation"] or None
        return data

    @staticmethod
    def initial_from(activity: Activity) -> dict[str, Any]:
        """The form's starting values for an existing activity."""
        initial: dict[str, Any] = {
            k: getattr(activity, k) or "" for k in ("kind", "status", "title", "direction", "description")
        }
        initial["date"] = str(activity.date or "")
        initial["end_date"] = str(activity.end_date or "")
        initial["place"] = place_name(activity.place_id)
        initial["parties"] = [p.code for p in activity.parties.all()]
        initial["agreements"] = [str(a.uid) for a in activity.agreements.all()]
        initial["head_of_delegation"] = (
            activity.head_of_delegation.name if activity.head_of_delegation else ""
        )
        initial["delegation_size"] = activity.delegation_size if activity.delegation_size is not None else ""
        return initial


class VisitForm(forms.Form):
    """Record a visit in under a minute: when, who came or went, under which agreement."""

    date = _date(_("date"))
    direction = forms.ChoiceField(
        label=_("direction"), choices=Activity.Direction.choices, widget=forms.RadioSelect, initial="incoming"
    )
    province = forms.ChoiceField(label=_("our province"), widget=PlaceSelect)
    partner = forms.ChoiceField(label=_("partner"), widget=PlaceSelect)
    agreement = AgreementPickerField(label=_("under the agreement"), required=False)
    head_of_delegation = forms.CharField(label=_("head of delegation"), required=False, max_length=200)
    delegation_size = forms.CharField(
        label=_("delegation size"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    title = forms.CharField(label=_("title"), required=False, max_length=500)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, places: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "province", [(p.code, p.display_name) for p in places if p.country_code == "VN"])
        set_choices(
            self,
            "partner",
            [(p.code, p.display_name) for p in places if p.country_code != "VN"],
        )
        offer_to(self, user)

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        incoming = d.get("direction") == "incoming"
        return {
            "kind": "visit",
            "status": "held",
            "date": d.get("date") or None,
            "direction": d.get("direction", ""),
            # An incoming delegation visits our province; an outgoing one visits the partner.
            "place": d.get("province") if incoming else d.get("partner"),
            "parties": [c for c in (d.get("province"), d.get("partner")) if c],
            "agreements": [d["agreement"]] if d.get("agreement") else [],
            "head_of_delegation": d.get("head_of_delegation") or None,
            "delegation_size": whole_number(d.get("delegation_size", "")),
            "title": d.get("title", ""),
            "description": d.get("description", ""),
        }


class FigureForm(forms.Form):
    """A reported figure: metric, value, unit, scope, period."""

    metric = forms.ChoiceField(label=_("metric"))
    value = forms.CharField(
        label=_("value"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    unit = forms.ChoiceField(label=_("unit"), required=False, choices=FIGURE_UNITS)
    scope = forms.MultipleChoiceField(
        label=_("scope"), required=False, widget=PlaceSelectMultiple, help_text=PLACES_HELP
    )
    period_start = _date(_("period from"))
    period_end = _date(_("period to"))
    agreement = AgreementPickerField(label=_("agreement"), required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, places: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "metric", [(m.code, m.name_vi) for m in Metric.objects.all()])
        set_choices(self, "scope", [(p.code, p.display_name) for p in places])
        offer_to(self, user)

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "metric": d.get("metric"),
            "value": number_text(d.get("value", "")) or None,
            "unit": d.get("unit", ""),
            "scope": list(d.get("scope") or []),
            "period_start": d.get("period_start") or None,
            "period_end": d.get("period_end") or None,
            "agreement": d.get("agreement") or None,
            "note": d.get("note", ""),
        }
