"""Forms of the inbox pages: a new news source, and the corrections to one proposal."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NewsSource
from .services import EDITABLE

LABELS = {
    "parties": _("parties (place codes, comma-separated)"),
    "scope": _("scope (place codes, comma-separated)"),
    "kind": _("kind"),
    "signed": _("signed (YYYY, YYYY-MM or YYYY-MM-DD)"),
    "start_year": _("first year"),
    "end_year": _("last year"),
    "giver": _("giver (place code)"),
    "receiver": _("receiver (place code)"),
    "quantity": _("quantity"),
    "unit": _("unit"),
    "date": _("date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    "status": _("status (planned or held)"),
    "place": _("where (place code)"),
    "metric": _("metric"),
    "value": _("value"),
    "period_start": _("period start"),
}


class NewsSourceForm(forms.Form):
    """A site section to poll: its address, kind, province and how often."""

    name = forms.CharField(label=_("name"), max_length=200)
    url = forms.URLField(label=_("address"), max_length=1000, assume_scheme="https")
    kind = forms.ChoiceField(label=_("kind"), choices=NewsSource.Kind.choices)
    province = forms.ChoiceField(label=_("province"), required=False)
    interval_minutes = forms.IntegerField(label=_("polling interval (minutes)"), min_value=15, initial=360)

    def __init__(self, *args: Any, provinces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["province"]).choices = provinces


def proposal_form(kind: str, data: dict[str, Any], post: Any = None) -> forms.Form:
    """A form with the proposal's editable values (lists as comma-separated place codes)."""
    initial = {
        name: ", ".join(data.get(name) or []) if typ is list else data.get(name)
        for name, typ in EDITABLE[kind].items()
    }
    form = forms.Form(post, initial=initial)
    for name in EDITABLE[kind]:
        form.fields[name] = forms.CharField(label=LABELS[name], required=False, max_length=200)
    return form
