"""Figures: create, change, delete reported quantities, with validation that names the field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pycountry
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hoptac.core.concurrency import checked
from hoptac.core.rights import Rights, require_links, within
from hoptac.core.validation import (
    Errors,
    check_order,
    date_field,
    decimal_field,
    record_value,
    text_field,
)
from hoptac.figures.locks import check_unlocked
from hoptac.figures.models import Figure, Metric
from hoptac.places.services import places_value

PLAIN_UNITS = ("count", "percent")


def valid_unit(unit: str) -> bool:
    """count, percent, or an ISO 4217 currency code (USD, VND, LAK ...)."""
    return unit in PLAIN_UNITS or (
        len(unit) == 3 and unit.isupper() and pycountry.currencies.get(alpha_3=unit) is not None
    )


def _validate(
    data: Mapping[str, Any], current: Figure | None, rights: Rights | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement

    errors = Errors()
    values: dict[str, Any] = {}
    related: dict[str, Any] = {}

    def wanted(key: str) -> bool:
        return current is None or key in data

    if wanted("metric"):
        code = data.get("metric")
        metric = Metric.objects.filter(code=code).first() if code else None
        if metric is None:
            known = ", ".join(Metric.objects.values_list("code", flat=True))
            errors.add(
                "metric",
                _("'%(value)s' is not a metric: use one of %(known)s, or add the metric first")
                % {"value": code or "", "known": known},
            )
        values["metric"] = metric
    if wanted("value"):
        values["value"] = decimal_field(
            errors, data, "value", required=True, column=Figure._meta.get_field("value")
        )
    if wanted("unit"):
        unit = str(
            data.get("unit") or (values["metric"].default_unit if values.get("metric") else "")
        ).strip()
        if not valid_unit(unit):
            errors.add(
                "unit",
                _("'%(value)s' is not a unit: use count, percent or an ISO 4217 currency (USD, VND, LAK)")
                % {"value": unit},
            )
        values["unit"] = unit
    for key in ("period_start", "period_end"):
        if wanted(key):
            values[key] = date_field(errors, data, key)
    start = values.get("period_start", getattr(current, "period_start", None))
    check_order(
        errors,
        start,
        values.get("period_end", getattr(current, "period_end", None)),
        "period_end",
        pgettext("period", "start"),
    )
    if wanted("note"):
        values["note"] = text_field(errors, data, "note")
    if wanted("agreement"):
        values["agreement"] = record_value(
            errors, "agreement", Agreement, data.get("agreement"), within(rights, Agreement)
        )
    if wanted("activity"):
        values["activity"] = record_value(
            errors, "activity", Activity, data.get("activity"), within(rights, Activity)
        )
    if wanted("scope"):
        related["scope"] = places_value(errors, "scope", data.get("scope"))
    errors.raise_if_any()
    return values, related


def _check_links(figure: Figure, values: dict[str, Any], rights: Rights | None) -> None:
    """Linking a figure to an agreement (an activity) adds to that record: the user must have the right."""
    if rights is None:
        return
    before = (figure.agreement, figure.activity) if figure.pk else (None, None)
    agreement, activity = values.get("agreement", before[0]), values.get("activity", before[1])
    require_links(rights, Figure, [before[0]] if before[0] else [], [agreement] if agreement else [])
    if activity is not None and activity != before[1]:
        rights.require_change(activity)
    if before[1] is not None and activity != before[1]:
        rights.require_change(before[1])
    if figure.pk is None and agreement is None:
        rights.require_create(Figure)


def _save(figure: Figure, related: dict[str, Any], rights: Rights | None) -> Figure:
    figure.save()
    if "scope" in related:
        figure.scope.set(related["scope"])
    if rights is not None:
        # The record as it is after the change must still be one the user may change.
        rights.require_change(figure)
    return figure


@transaction.atomic
def create_figure(
    data: Mapping[str, Any], *, uid: Any = None, collected_in: str = "", rights: Rights | None = None
) -> Figure:
    """Record a reported figure (metric, value, unit, scope, period); refused in a locked period."""
    values, related = _validate(data, None, rights)
    check_unlocked(
        values.get("metric"), values.get("agreement"), values.get("period_start"), values.get("period_end")
    )
    figure = Figure(collected_in=collected_in)
    _check_links(figure, values, rights)
    for key, value in values.items():
        setattr(figure, key, value)
    if uid:
        figure.uid = uid
    return _save(figure, related, rights)


@transaction.atomic
def update_figure(figure: Figure, data: Mapping[str, Any], *, rights: Rights | None = None) -> Figure:
    """Change the given keys of a figure (scope, when given, replaces the old one); refused when locked."""
    if rights is not None:
        rights.require_change(figure)
    _check_figure_unlocked(figure)
    data = checked(figure, data)
    values, related = _validate(data, figure, rights)
    _check_links(figure, values, rights)
    for key, value in values.items():
        setattr(figure, key, value)
    _check_figure_unlocked(figure)
    return _save(figure, related, rights)


@transaction.atomic
def delete_figure(figure: Figure) -> None:
    """Delete a figure (refused when locked)."""
    _check_figure_unlocked(figure)
    figure.delete()


def _check_figure_unlocked(figure: Figure) -> None:
    check_unlocked(figure.metric_id, figure.agreement_id, figure.period_start, figure.period_end)


def _longest(field: str) -> int:
    """The max_length of a metric's text field: the service refuses past it, the document says it."""
    return int(getattr(Metric._meta.get_field(field), "max_length", 0) or 0)


@transaction.atomic
def add_metric(code: str, name_vi: str, name_en: str = "", default_unit: str = "count") -> Metric:
    """Extend the vocabulary with a metric of the province's own."""
    errors = Errors()
    if not code or not code.replace("_", "").isalnum() or code != code.lower():
        errors.add(
            "code",
            _("'%(value)s' is not a metric code: use lower-case letters, digits and _") % {"value": code},
        )
    elif Metric.objects.filter(code=code).exists():
        errors.add("code", _("metric '%(value)s' already exists") % {"value": code})
    elif len(code) > _longest("code"):
        errors.add(
            "code",
            _("too long: %(length)s characters, at most %(max)s")
            % {"length": len(code), "max": _longest("code")},
        )
    name_vi = text_field(
        errors, {"name_vi": name_vi}, "name_vi", required=True, max_length=_longest("name_vi")
    )
    name_en = text_field(errors, {"name_en": name_en}, "name_en", max_length=_longest("name_en"))
    if not valid_unit(default_unit):
        errors.add(
            "default_unit",
            _("'%(value)s' is not a unit: use count, percent or an ISO 4217 currency")
            % {"value": default_unit},
        )
    errors.raise_if_any()
    return Metric.objects.create(
        code=code, name_vi=name_vi, name_en=name_en or code, default_unit=default_unit
    )
