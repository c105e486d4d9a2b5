"""Choice widgets and datalists whose HTML is built in Python, for the long place lists of the forms.

Django renders every option of a select or checkbox list through two or three templates (a third of
a millisecond each, more on a busy server): a form offering the 300-odd partner provinces of a
national registry spent most of its time there. These give Django's markup (names, values, ids,
labels, the same wrapping elements) in one pass, escaping with the standard library's html.escape
(Django's format_html costs ~25 µs a call: 3,600 places in a datalist took 100 ms).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe


def _flat(choices: Iterable[Any]) -> list[tuple[Any, Any]]:
    flat = [(value, label) for value, label in choices]
    assert not any(isinstance(label, list | tuple) for _value, label in flat), "no option groups here"
    return flat


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _attrs(attrs: dict[str, Any]) -> str:
    """HTML attributes as Django's flatatt writes them (True bare, False and None left out)."""
    return "".join(
        f" {k}" if v is True else f' {k}="{_e(v)}"'
        for k, v in attrs.items()
        if v is not None and v is not False
    )


class QuickSelect(forms.Select):
    """A select box, rendered without a template per option."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        chosen = set(self.format_value(value))
        options = "\n".join(
            f'<option value="{_e(v)}"{" selected" if str(v) in chosen else ""}>{_e(label)}</option>'
            for v, label in _flat(self.choices)
        )
        attrs_html = _attrs(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{_e(name)}"{attrs_html}>\n{options}\n</select>')


class QuickCheckboxes(forms.CheckboxSelectMultiple):
    """A list of checkboxes (Django's div and label around each), rendered without a template per option."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        group_id = final.pop("id", None)
        chosen = set(self.format_value(value))
        rows = []
        for index, (v, label) in enumerate(_flat(self.choices)):
            box = {**final, "id": f"{group_id}_{index}" if group_id else None, "checked": str(v) in chosen}
            rows.append(
                f'<div><label{_attrs({"for": box["id"]})}><input type="checkbox" name="{_e(name)}" '
                f'value="{_e(v)}"{_attrs(box)}> {_e(label)}</label></div>'
            )
        boxes = "\n".join(rows)
        return mark_safe(f"<div{_attrs({'id': group_id})}>{boxes}</div>")


def _aliases(code: Any) -> str:
    """The place's other spellings (gazetteer), searched by the picker as well as the name shown."""
    from hoptac.places import gazetteer

    found = gazetteer.entry(str(code)) if code else None
    return " · ".join(dict.fromkeys(a.name for a in found.aliases)) if found else ""


class PlaceSelect(QuickSelect):
    """A select of places that web/pickers.js turns into a search box (Tom Select); a plain select without it.

    Each option carries the place's other spellings from the gazetteer (Tom Select reads them from
    data-aliases), so "Sekong" or "Xekong" finds Sê Kông, and "se kong" finds it by the folded name.
    """

    allow_multiple_selected = False

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        from django.utils.translation import gettext_lazy

        no_results = gettext_lazy("No place goes by that name here.")
        super().__init__({"data-searchable": "places", "data-no-results": no_results, **(attrs or {})})

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        chosen = set(self.format_value(value))
        options = "\n".join(
            f'<option value="{_e(v)}"'
            + (f' data-aliases="{_e(_aliases(v))}"' if v else "")
            + f"{' selected' if str(v) in chosen else ''}>{_e(label)}</option>"
            for v, label in _flat(self.choices)
        )
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            # Without JavaScript a list of eight rows, Ctrl (or Cmd) to choose several.
            final = {"multiple": True, "size": 8, **final}
        return mark_safe(f'<select name="{_e(name)}"{_attrs(final)}>\n{options}\n</select>')


class PlaceSelectMultiple(PlaceSelect):
    """Several places (an activity's parties, a figure's scope), searched and chosen by keyboard."""

    allow_multiple_selected = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # nothing chosen is sent as nothing, like an unticked checkbox


def place_filter_select(name: str, places: Iterable[Any], typed: str, empty_label: str) -> SafeString:
    """A list filter's place picker: names shown, codes sent; a name typed in the address is shown chosen."""
    from hoptac.places import gazetteer

    typed = (typed or "").strip()
    known = gazetteer.entry(typed) if typed else None
    chosen = known.code if known else (gazetteer.resolve(typed) if typed else "")
    widget = PlaceSelect(attrs={"id": f"filter-{name}"})
    widget.choices = [("", empty_label), *((p.code, p.display_name) for p in places)]
    return widget.render(name, chosen or "")


def datalist_options(choices: Iterable[tuple[Any, Any]]) -> SafeString:
    """The <option>s of a datalist (code, then the name shown beside it)."""
    return mark_safe("".join(f'<option value="{_e(v)}">{_e(label)}</option>' for v, label in choices))


class PartialDateWidget(forms.TextInput):
    """A date typed as officers write it (4/12/2026, 12/2026, 2026), with the browser's calendar beside it.

    The calendar (a native date input) can only give a full day; web/forms.js writes it into the text
    box as d/m/yyyy, so a month or a year alone is still typed.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "numeric", "size": 10, "placeholder": "4/12/2026", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        from hoptac.core.dates import PartialDate

        try:
            date = PartialDate.parse(value) if value else None
        except ValueError:
            return str(value)  # what the officer typed, shown back with its error
        return date.display_vi() if date else None

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        from django.utils.translation import gettext

        box = super().render(name, value, attrs, renderer)
        target = (attrs or {}).get("id") or f"id_{name}"
        picker = (
            f'<input type="date" class="date-picker" data-fills="{_e(target)}" tabindex="-1" '
            f'aria-label="{_e(gettext("Pick the day on a calendar"))}">'
        )
        return mark_safe(f'<span class="date-input">{box}{picker}</span>')
