"""A searchable agreement picker for the forms, instead of a list of every agreement.

A national registry holds thousands of agreements: a select box or checkbox list of all of them takes
seconds to render and nobody can scroll it. The form field takes public ids (uids); the widget shows
the chosen agreements (title shown, uid sent) and a search box that asks `/pick/agreements/` (htmx)
for at most PICK_LIMIT matches, each a button that adds its agreement to the chosen ones.

Without JavaScript the officer pastes an agreement's id (or the address of its page), or types words
and saves: the form comes back with the matches to tick. Only agreements the user may see are offered
or accepted, and an unknown id is refused the same way as a hidden one (so nothing tells it exists).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hoptac.agreements.filtersets import AgreementFilterSet
from hoptac.agreements.models import Agreement
from hoptac.core.filtersets import folded_needle
from hoptac.core.permissions import visible

# Enough to find the one meant after a few letters; more is a list nobody reads on a phone.
PICK_LIMIT = 20
_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)
# Names and ids echoed into attributes and CSS selectors of the fragments: a form field's, nothing else.
_NAME = re.compile(r"^[A-Za-z][\w-]{0,79}$")
_LABEL_FIELDS = ("pk", "uid", "title", "signed_on")


def uid_in(text: str) -> str:
    """The public id written in a text (an id pasted alone, or inside a page's address), or ""."""
    found = _UUID.search(text or "")
    if found is None:
        return ""
    digits = found.group(0).replace("-", "").lower()
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def agreement_matches(
    user: Any, text: str, limit: int = PICK_LIMIT, partners: Iterable[str] = ()
) -> list[Agreement]:
    """Agreements the user sees whose title or a party's place name matches the text (at most limit+1).

    One row past the limit is read, so the caller can say that there are more. An id pasted in the
    box (alone or in a page's address) finds that agreement. With partners chosen in the form, only
    their agreements are offered, and an empty box lists them all.
    """
    agreements = visible(user, Agreement.objects.all())
    codes = [c for c in partners if c]
    if codes:
        agreements = agreements.filter(parties__place_id__in=codes).distinct()
    if uid_in(text):
        found = agreements.filter(uid=uid_in(text))
    elif folded_needle(text):
        found = AgreementFilterSet().filter_q(agreements, "q", text)
    elif codes:
        found = agreements
    else:
        return []
    return list(found.order_by("title", "pk").only(*_LABEL_FIELDS)[: limit + 1])


def agreements_by_uid(user: Any, uids: Iterable[str]) -> dict[str, Agreement]:
    """The agreements among these public ids that the user sees, by uid (one query; bad ids skipped)."""
    wanted = {u for u in (uid_in(str(v)) for v in uids) if u}
    if not wanted:
        return {}
    rows = visible(user, Agreement.objects.filter(uid__in=wanted)).only(*_LABEL_FIELDS)
    return {str(a.uid): a for a in rows}


@dataclass
class Picked:
    """What a picker sent: the ids kept ticked, a match ticked after a search, and the search box."""

    kept: list[str] = field(default_factory=list)
    picked: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def typed_uid(self) -> str:
        return uid_in(self.text)

    @property
    def searching(self) -> bool:
        """Words were typed (not an id) and no match ticked: the officer still has to pick one."""
        return bool(self.text.strip()) and not self.typed_uid and not self.picked

    def chosen(self, multiple: bool) -> list[str]:
        """The ids meant: a ticked match or a typed id replaces the one choice, or joins the many."""
        added = [*self.picked, *([self.typed_uid] if self.typed_uid else [])]
        ids = [*self.kept, *added] if multiple else added or self.kept
        return list(dict.fromkeys(v.strip() for v in ids if v and v.strip()))


def as_picked(value: Any) -> Picked:
    """A form's initial value (a uid, a list of them, or nothing) or posted data as a Picked."""
    if isinstance(value, Picked):
        return value
    if value in (None, ""):
        return Picked()
    values = value if isinstance(value, list | tuple) else [value]
    return Picked(kept=[str(v) for v in values if v not in (None, "")])


class AgreementPicker(forms.Widget):
    """The chosen agreements, a search box, and the matches of the last search."""

    template_name = "web/_picker.html"

    def __init__(self, multiple: bool = False, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.multiple = multiple
        self.for_user(None)

    def for_user(self, user: Any) -> None:
        """Look up for this user, with caches of its own (what one user sees is never another's)."""
        self.user = user
        self._found: dict[str, dict[str, Agreement]] = {}
        self._matches: dict[str, list[Agreement]] = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> AgreementPicker:
        # Django copies a form's widgets shallowly (attrs aside): each form needs caches of its own.
        copied = super().__deepcopy__(memo)
        copied.for_user(self.user)
        return copied

    def records(self, uids: list[str]) -> list[Agreement]:
        """The visible agreements among the ids, in the order given (cached for the form)."""
        key = "\n".join(uids)
        if key not in self._found:
            self._found[key] = agreements_by_uid(self.user, uids)
        found = self._found[key]
        return [found[u] for u in (uid_in(v) for v in uids) if u in found]

    def matches(self, text: str) -> list[Agreement]:
        """The matches of a search typed in the box (cached for the form)."""
        if text not in self._matches:
            self._matches[text] = agreement_matches(self.user, text)
        return self._matches[text]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Picked:
        return Picked(
            kept=list(data.getlist(name)) if hasattr(data, "getlist") else list(data.get(name) or []),
            picked=list(data.getlist(f"{name}__pick")) if hasattr(data, "getlist") else [],
            text=str(data.get(f"{name}__q", "") or ""),
        )

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an empty picker means "none", like an unticked checkbox

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        state = as_picked(value)
        chosen = self.records(state.chosen(self.multiple))
        found = {str(a.uid) for a in chosen}
        matches = self.matches(state.text) if state.searching else []
        dom_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["picker"] = picker_context(name, dom_id, self.multiple)
        context["picker"].update(
            chosen=chosen,
            # An id that was found is shown as chosen; anything else stays in the box to be corrected.
            text="" if state.typed_uid in found else state.text,
            matches=matches[:PICK_LIMIT],
            more=len(matches) > PICK_LIMIT,
        )
        return context


def picker_context(name: str, dom_id: str, multiple: bool) -> dict[str, Any]:
    """What the picker's fragments need to address each other (the same on the page and over htmx)."""
    params = {"name": name, "id": dom_id, "multiple": "1" if multiple else ""}
    return {
        "name": name,
        "id": dom_id,
        "multiple": multiple,
        "search_url": reverse("web:pick-agreements"),
        "params": json.dumps(params),
        "query": urlencode(params),
        "limit": PICK_LIMIT,
    }


class AgreementPickerField(forms.Field):
    """One agreement (or, with multiple=True, several) by public id, checked against what the user sees.

    Cleans to a uid (or "") or a list of uids, the shape the services take.
    """

    widget = AgreementPicker

    def __init__(self, *, multiple: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            _(
                "Type words of the title or a partner's name and pick from the list, or paste the "
                "agreement's id; untick to remove."
            ),
        )
        super().__init__(widget=AgreementPicker(multiple=multiple), **kwargs)
        self.multiple = multiple

    @property
    def picker(self) -> AgreementPicker:
        assert isinstance(self.widget, AgreementPicker)
        return self.widget

    def for_user(self, user: Any) -> None:
        """Offer and accept only what this user sees."""
        self.picker.for_user(user)

    def to_python(self, value: Any) -> Any:
        state = as_picked(value)
        if state.searching:
            matches = self.picker.matches(state.text)
            if matches:
                raise ValidationError(
                    _(
                        "The agreements matching “%(text)s” are listed below: tick the one you mean, "
                        "then save again."
                    ),
                    code="pick",
                    params={"text": state.text.strip()},
                )
            raise ValidationError(
                _(
                    "No agreement you can see matches “%(text)s”: try other words, or paste the "
                    "agreement's id (the end of the address of its page)."
                ),
                code="no_match",
                params={"text": state.text.strip()},
            )
        ids = state.chosen(self.multiple)
        if not self.multiple and len(ids) > 1:
            raise ValidationError(_("Choose only one agreement."), code="one")
        for value_ in ids:
            if not uid_in(value_):
                raise ValidationError(
                    _("“%(value)s” is not an agreement id: pick the agreement from the search."),
                    code="invalid",
                    params={"value": value_},
                )
        found = {str(a.uid) for a in self.picker.records(ids)}
        for value_ in ids:
            if uid_in(value_) not in found:
                raise ValidationError(
                    _(
                        "There is no agreement with the id %(value)s that you may see: "
                        "search for it by its title instead."
                    ),
                    code="unknown",
                    params={"value": value_},
                )
        uids = [uid_in(v) for v in ids]
        return uids if self.multiple else (uids[0] if uids else "")

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


def _fragment_names(request: HttpRequest) -> tuple[str, str, bool]:
    name = request.GET.get("name") or "agreement"
    dom_id = request.GET.get("id") or f"id_{name}"
    if not (_NAME.match(name) and _NAME.match(dom_id)):
        raise Http404
    return name, dom_id, request.GET.get("multiple") == "1"


@login_required
def pick_agreements(request: HttpRequest) -> HttpResponse:
    """The matches of a picker's search box (htmx): at most PICK_LIMIT buttons, visible agreements only."""
    name, dom_id, multiple = _fragment_names(request)
    text = request.GET.get("q") or request.GET.get(f"{name}__q", "")
    # The form's partner (visit form) or parties (activity form), sent along by the search box.
    partners = request.GET.getlist("partner") + request.GET.getlist("parties")
    matches = agreement_matches(request.user, text, partners=partners)
    context = {
        "picker": {
            **picker_context(name, dom_id, multiple),
            "matches": matches[:PICK_LIMIT],
            "more": len(matches) > PICK_LIMIT,
            "text": text,
            "searched": bool(folded_needle(text)) or bool([c for c in partners if c]),
        }
    }
    return render(request, "web/_picker_matches.html", context)


@login_required
def pick_agreement(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """One chosen agreement (htmx, after a click on a match), and the search box emptied."""
    name, dom_id, multiple = _fragment_names(request)
    record = agreements_by_uid(request.user, [str(uid)]).get(str(uid))
    if record is None:
        raise Http404
    already = str(uid) in {uid_in(v) for v in request.GET.getlist(name)}
    context = {"picker": picker_context(name, dom_id, multiple), "agreement": record, "already": already}
    return render(request, "web/_picker_chosen.html", context)
