"""Collecting validation errors by field, so one response tells the user everything to fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from hoptac.core.dates import PartialDate

# What the start of each period is called in a message, by the model field that holds it (admin checks).
START_LABELS = {
    "period_start": gettext_lazy("start of the period"),
    "signed_on": gettext_lazy("signing date"),
    "date": gettext_lazy("start date"),
    "start": pgettext_lazy("period", "start"),
}


class Errors:
    """An accumulator of field → messages that raises one ValidationError at the end."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.messages: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        key = f"{self.prefix}{field}" if self.prefix else field
        self.messages.setdefault(key, []).append(message)

    def absorb(self, exc: ValidationError, prefix: str = "") -> None:
        """Take the messages of another ValidationError, under a prefix (parties[1].)."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                for message in errors:
                    self.add(f"{prefix}{field}", message)
        else:
            for message in exc.messages:
                self.add(prefix.rstrip(".") or "__all__", message)

    def __bool__(self) -> bool:
        return bool(self.messages)

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)


def date_field(errors: Errors, data: Mapping[str, Any], field: str) -> PartialDate | None:
    """Read a partial date from data[field], noting an error that names the field."""
    value = data.get(field)
    try:
        return PartialDate.parse(value)
    except (ValueError, TypeError) as exc:
        errors.add(field, str(exc))
        return None


def check_order(
    errors: Errors, start: PartialDate | None, end: PartialDate | None, end_field: str, start_label: str
) -> None:
    """An end must not come before its start (comparing what each partial date can mean)."""
    if start is None or end is None:
        return
    first, last = start.earliest(), end.latest()
    if first is not None and last is not None and last < first:
        errors.add(
            end_field,
            _("%(end)s is before the %(start_label)s %(start)s: the end must not come before the start")
            % {"end": end, "start_label": start_label, "start": start},
        )


def decimal_field(
    errors: Errors,
    data: Mapping[str, Any],
    field: str,
    *,
    minimum: Decimal | None = None,
    required: bool = False,
    column: Any = None,
) -> Decimal | None:
    """Read a number (int, float, or string with a dot decimal) from data[field]; `column` (the model's
    DecimalField) bounds its size, which the database would otherwise refuse with an error, not a message."""
    value = data.get(field)
    if value is None or value == "":
        if required:
            errors.add(field, _("a number is required"))
        return None
    if isinstance(value, bool):
        errors.add(field, _("'%(value)s' is not a number") % {"value": value})
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors.add(
            field,
            _("'%(value)s' is not a number: write digits with a dot for decimals, e.g. 24400000 or 61.5")
            % {"value": value},
        )
        return None
    if not number.is_finite():
        errors.add(field, _("'%(value)s' is not a finite number") % {"value": value})
        return None
    bound = decimal_bound(column)
    if bound is not None and abs(number) >= bound:
        errors.add(
            field,
            _("%(value)s is too large: at most %(digits)s digits before the decimal point")
            % {"value": value, "digits": column.max_digits - column.decimal_places},
        )
        return None
    if minimum is not None and number < minimum:
        errors.add(
            field,
            _("%(value)s is negative: a quantity must be %(minimum)s or more")
            % {"value": value, "minimum": minimum},
        )
    return number


def decimal_bound(column: Any) -> Decimal | None:
    """The first number too large for a DecimalField (10 ** digits before the point), or None."""
    if column is None or column.max_digits is None:
        return None
    return Decimal(10) ** (column.max_digits - (column.decimal_places or 0))


def integer_range(column: Any) -> tuple[int, int] | None:
    """The whole numbers an integer model field can hold on every supported database, or None."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    return BaseDatabaseOperations.integer_field_ranges.get(column.get_internal_type())


def choice_field(
    errors: Errors,
    data: Mapping[str, Any],
    field: str,
    choices: Iterable[str],
    default: str | None = None,
    required: bool = True,
) -> str:
    """Read one of a fixed set of codes, listing the valid ones when it is not."""
    value = data.get(field, default)
    allowed = list(choices)
    if value in (None, ""):
        if required:
            errors.add(field, _("required: one of %(choices)s") % {"choices": ", ".join(allowed)})
        return ""
    if value not in allowed:
        errors.add(
            field,
            _("'%(value)s' is not allowed: use one of %(choices)s")
            % {"value": value, "choices": ", ".join(allowed)},
        )
        return ""
    return str(value)


def text_field(
    errors: Errors,
    data: Mapping[str, Any],
    field: str,
    *,
    required: bool = False,
    max_length: int | None = None,
) -> str:
    """Read a string, stripped; notes an error when required and empty or too long."""
    value = data.get(field)
    text = "" if value is None else str(value).strip()
    if "\x00" in text:
        errors.add(field, _("holds a NUL character (\\u0000): remove it"))
        text = text.replace("\x00", "")
    if required and not text:
        errors.add(field, _("this field is required"))
    if max_length is not None and len(text) > max_length:
        errors.add(
            field,
            _("too long: %(length)s characters, at most %(max)s") % {"length": len(text), "max": max_length},
        )
    return text


def today() -> dt.date:
    """Today's date in the project's time zone (one place to change for tests)."""
    from django.utils import timezone

    return timezone.localdate()


def as_uuid(value: Any) -> Any:
    """The UUID a value spells, or None."""
    import uuid

    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def record_value(errors: Errors, field: str, model: Any, value: Any, within: Any = None) -> Any:
    """Find a registry record by its public id (or take the instance given), noting an unknown id.

    `within` (a queryset of the records the user may see) makes a hidden record answer exactly as a
    missing one, so the answer tells nothing about what exists."""
    if value in (None, ""):
        return None
    queryset = model.objects.all() if within is None else within
    if isinstance(value, model):
        if within is None:
            return value
        value = value.uid
    uid = as_uuid(value)
    found = queryset.filter(uid=uid).first() if uid is not None else None
    if found is None:
        errors.add(
            field, _("no %(model)s with id '%(value)s'") % {"model": model._meta.verbose_name, "value": value}
        )
    return found


def records_value(errors: Errors, field: str, model: Any, values: Any, within: Any = None) -> list[Any]:
    """Find a list of records by public id, dropping repeats."""
    if values is None:
        return []
    if not isinstance(values, list | tuple):
        errors.add(field, _("must be a list of %(model)s ids") % {"model": model._meta.verbose_name})
        return []
    found: list[Any] = []
    for i, value in enumerate(values):
        record = record_value(errors, f"{field}[{i}]", model, value, within)
        if record is not None and record not in found:
            found.append(record)
    return found


def check_periods(record: Any, *pairs: tuple[str, str]) -> None:
    """Model.clean() helper for the admin: every (start, end) pair of fields in order."""
    errors = Errors()
    for start, end in pairs:
        label = START_LABELS.get(start, start.replace("_", " "))
        check_order(errors, getattr(record, start), getattr(record, end), end, str(label))
    errors.raise_if_any()
