"""The article review: what the reader found, each candidate with its sentence and the rule that found
it, every value editable, and the officer's corrections turned back into a record for the merge.

The page (hoptac.web.articles) only shows `candidates()` and hands the posted form to `corrected()`;
`save_review()` merges the result as the user (hoptac.extraction.merge checks their rights).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .explain import why
from .typed import PLACE_SEPARATOR, dates_shown, number, places, places_shown, typed_date, year

KINDS = ("agreements", "commitments", "events", "figures", "people")
KIND_LABELS = {
    "agreements": gettext_lazy("Agreement"),
    "commitments": gettext_lazy("Commitment"),
    "events": gettext_lazy("Activity"),
    "figures": gettext_lazy("Figure"),
    "people": gettext_lazy("Person"),
}


@dataclass
class Field:
    """One editable value of a candidate, as the form shows it."""

    name: str
    label: Any
    value: Any = ""
    input: str = "text"  # text, number, select or checkboxes
    choices: list[tuple[str, Any]] = field(default_factory=list)
    hint: Any = ""
    error: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    """A record the reader proposes: its key (kind-index), sentence with the span, why, and its fields."""

    key: str
    kind: str
    label: Any
    item: Mapping[str, Any]
    sentence: tuple[str, str, str]  # before the span, the span, after it
    why: str
    fields: list[Field]
    accepted: bool


def _choices_of(model_choices: Any) -> list[tuple[str, Any]]:
    return [(str(value), label) for value, label in model_choices]


def _vocabulary(model: Any) -> list[tuple[str, Any]]:
    from django.utils.translation import get_language

    english = (get_language() or "vi").startswith("en")
    return [(r.code, r.name_en if english else r.name_vi) for r in model.objects.all()]


def _blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


# What each kind lets the officer correct: (name in the record, label, input, choices, shown, read).
Spec = tuple[
    str, Any, str, Callable[[], list[tuple[str, Any]]] | None, Callable[[Any], Any], Callable[[str], Any]
]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _plain(text: str) -> str | None:
    return text.strip() or None


def _specs(kind: str) -> list[Spec]:
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement, Commitment, CooperationField
    from hoptac.figures.models import Metric

    date = (dates_shown, typed_date)
    where = (places_shown, places)
    one_place = (places_shown, _one_place)
    whole = (_text, year)
    if kind == "agreements":
        return [
            ("title", _("title (empty: made from the parties)"), "text", None, _text, _plain),
            ("kind", _("kind"), "select", lambda: _choices_of(Agreement.Kind.choices), _text, _plain),
            ("parties", _("parties"), "text", None, *where),
            ("start_year", _("period from (year)"), "number", None, *whole),
            ("end_year", _("period to (year)"), "number", None, *whole),
            ("signed", _("signed"), "text", None, *date),
            ("effective_from", _("effective from"), "text", None, *date),
            ("review_every_years", _("review every (years)"), "number", None, *whole),
            (
                "fields",
                _("fields of cooperation"),
                "checkboxes",
                lambda: _vocabulary(CooperationField),
                list,
                list,
            ),
        ]
    if kind == "commitments":
        return [
            ("giver", _("giver"), "text", None, *one_place),
            ("receiver", _("receiver"), "text", None, *one_place),
            ("quantity", _("quantity"), "text", None, _text, number),
            ("unit", _("unit"), "select", lambda: _choices_of(Commitment.Unit.choices), _text, _plain),
            ("start_year", _("from (year)"), "number", None, *whole),
            ("end_year", _("to (year)"), "number", None, *whole),
        ]
    if kind == "events":
        return [
            ("kind", _("kind"), "select", lambda: _choices_of(Activity.Kind.choices), _text, _plain),
            ("title", _("title"), "text", None, _text, _plain),
            ("date", _("date"), "text", None, *date),
            ("status", _("status"), "select", lambda: _choices_of(Activity.Status.choices), _text, _plain),
            ("parties", _("parties"), "text", None, *where),
            ("place", _("place"), "text", None, *one_place),
            (
                "direction",
                _("direction"),
                "select",
                lambda: _blank(_choices_of(Activity.Direction.choices)),
                _text,
                _plain,
            ),
            ("delegation_size", _("delegation size"), "number", None, *whole),
            ("head_of_delegation", _("head of delegation"), "text", None, _text, _plain),
        ]
    if kind == "figures":
        return [
            ("metric", _("metric"), "select", lambda: _vocabulary(Metric), _text, _plain),
            ("value", _("value"), "text", None, _text, number),
            ("unit", _("unit"), "text", None, _text, _plain),
            ("scope", _("places"), "text", None, *where),
            ("period_start", _("period from"), "text", None, *date),
            ("period_end", _("period to"), "text", None, *date),
        ]
    return [
        ("name", _("name"), "text", None, _text, _plain),
        ("locality", _("province"), "text", None, *one_place),
        ("titles", _("titles (separated by ;)"), "text", None, lambda v: "; ".join(v or []), _titles),
    ]


def _one_place(text: str) -> str | None:
    found = places(text)
    if len(found) > 1:
        raise ValidationError(_("name one place here"))
    return found[0] if found else None


def _titles(text: str) -> list[str]:
    return [t.strip() for t in text.split(";") if t.strip()]


def _sentence(text: str, evidence: Mapping[str, Any]) -> tuple[str, str, str]:
    """The sentence a candidate came from, cut around its evidence span."""
    start, end = evidence.get("start"), evidence.get("end")
    sentence = str(evidence.get("sentence") or "")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return sentence, "", ""
    left = text.rfind(sentence, 0, start + len(sentence)) if sentence else -1
    if left < 0 or left > start or left + len(sentence) < end:
        return "", text[start:end], ""  # the span is its own best context
    right = left + len(sentence)
    return text[left:start], text[start:end], text[end:right]


def renewal_field(record: Mapping[str, Any], index: int, user: Any, proposals: Mapping[int, Any]) -> Field:
    """Which earlier agreement this one renews: none, another of the article's, or a registered one
    the user may see; the reader's proposal chosen when the text states it, only offered when a guess."""
    agreements = record.get("agreements") or []
    data, proposal = agreements[index], proposals.get(index)
    parties = sorted(data.get("parties") or [])
    choices: list[tuple[str, Any]] = [("", _("renews no earlier agreement"))]
    for j, other in enumerate(agreements):
        if j != index and sorted(other.get("parties") or []) == parties:
            choices.append((f"index:{j}", _("the article's agreement no. %(n)d") % {"n": j + 1}))
    chosen, hint = "", ""
    if proposal is not None:
        if proposal.earlier_index is not None:
            value = f"index:{proposal.earlier_index}"
        else:
            value = f"uid:{proposal.earlier.uid}"
            choices.append((value, str(proposal.earlier)))
        if proposal.stated:
            chosen = value
            hint = _("The article says so: “%(words)s”.") % {"words": proposal.cue}
        else:
            hint = _("Same parties, earlier start: possibly its renewal. Choose it if the article means so.")
    return Field("predecessor", _("renews"), chosen, "select", choices, hint)


def candidates(
    record: Mapping[str, Any],
    text: str,
    user: Any,
    posted: Mapping[str, Any] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[Candidate]:
    """Every candidate of the record with its sentence, the rule that found it and its editable fields
    (as posted, when the form comes back with errors)."""
    from hoptac.agreements.models import Agreement
    from hoptac.core.permissions import visible

    from .renewals import find_renewals

    proposals = find_renewals(record, visible(user, Agreement.objects.all()))
    errors = errors or {}
    out = []
    for kind in KINDS:
        for i, item in enumerate(record.get(kind) or []):
            key = f"{kind}-{i}"
            fields = [
                Field(name, label, shown(item.get(name)), input, choices() if choices else [])
                for name, label, input, choices, shown, _read in _specs(kind)
            ]
            if kind == "agreements":
                fields.append(renewal_field(record, i, user, proposals))
            for f in fields:
                if posted is not None:
                    f.value = posted.get(f"{key}-{f.name}", f.value)
                f.error = list(errors.get(f"{key}-{f.name}", []))
            accepted = kind == "people" if posted is None else key in (posted.get("accept") or [])
            evidence = item.get("evidence") or {}
            out.append(
                Candidate(
                    key,
                    kind,
                    KIND_LABELS[kind],
                    item,
                    _sentence(text, evidence),
                    why(kind, item),
                    fields,
                    accepted,
                )
            )
    return out


def corrected(record: Mapping[str, Any], posted: Mapping[str, Any]) -> dict[str, Any]:
    """The record with only the accepted candidates, each with the values the officer left or typed.

    `posted` maps each form name to its value (a list for "accept" and for checkboxes). Raises a
    ValidationError keyed "<kind>-<index>-<field>" for every value that cannot be read, so nothing
    is stored until all are right.
    """
    keys = set(posted.get("accept") or [])
    problems: dict[str, list[str]] = {}
    out: dict[str, Any] = dict(record)
    renumber: dict[int, int] = {}
    for kind in KINDS:
        kept: list[dict[str, Any]] = []
        for i, item in enumerate(record.get(kind) or []):
            key = f"{kind}-{i}"
            if key not in keys:
                continue
            changed = dict(item)
            on_form = f"{key}-form" in posted
            for name, _label, input, _choices, _shown, read in _specs(kind):
                if f"{key}-{name}" not in posted:
                    if on_form and input == "checkboxes":
                        changed[name] = []  # every box unticked
                    continue  # not on the form (an older page): the reader's value stands
                try:
                    changed[name] = read(posted[f"{key}-{name}"])
                except ValidationError as exc:
                    problems[f"{key}-{name}"] = exc.messages
            if kind == "agreements":
                renumber[i] = len(kept)
            kept.append(changed)
        out[kind] = kept
    for old, new in renumber.items():
        name = f"agreements-{old}-predecessor"
        if name in posted:  # the officer's choice; without one the merge follows the text
            choice = str(posted[name] or "")
            out["agreements"][new]["predecessor"] = _predecessor(choice, renumber, problems, name)
    if problems:
        raise ValidationError(problems)
    return out


_CHOICE = re.compile(r"^(?P<how>index|uid):(?P<value>[\w-]+)$")


def _predecessor(choice: str, renumber: Mapping[int, int], problems: dict[str, list[str]], name: str) -> Any:
    """{"index": i} in the corrected record, {"uid": ...}, or None; an unticked earlier one is a problem."""
    match = _CHOICE.match(choice)
    if not match:
        return None
    if match["how"] == "uid":
        return {"uid": match["value"]}
    old = int(match["value"]) if match["value"].isdigit() else -1
    if old not in renumber:
        problems[name] = [_("tick the earlier agreement too, or choose none")]
        return None
    return {"index": renumber[old]}


def save_review(
    record: Mapping[str, Any], text: str, title: str, user: Any, posted: Mapping[str, Any]
) -> Any:
    """Merge the accepted and corrected candidates as the user; ValidationError names what to fix."""
    from .ingest import ingest_record

    if not posted.get("accept"):
        raise ValidationError(_("Tick at least one finding to accept, or leave the page."))
    return ingest_record(corrected(record, posted), text, title, user=user)


__all__ = ["PLACE_SEPARATOR", "Candidate", "Field", "candidates", "corrected", "save_review"]
