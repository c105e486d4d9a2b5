"""Partial dates: a year, a year and month, a full day, or a day and month with the year unknown.

They are stored as ISO 8601 strings ("2024", "2024-12", "2024-12-12", "--12-28"), which keep the
precision, sort in time order as text on every database, and never invent a missing day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_ISO_FORMS = r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?|--(?P<m2>\d{2})-(?P<d2>\d{2})"
_ISO = re.compile(rf"^(?:{_ISO_FORMS})$")

# As officers write dates: 4/12/2026, 04.12.2026, 4-12-2026 (day first), 12/2026 (month), 28/12 (no year).
_WRITTEN_FORMS = (
    r"(?:(?P<d>\d{1,2})[/.-])?(?P<m>\d{1,2})[/.-](?P<y>\d{4})",
    r"(?P<d2>\d{1,2})[/.](?P<m2>\d{1,2})",
)
_WRITTEN = re.compile("|".join(f"^{form}$" for form in _WRITTEN_FORMS))


def _unnamed(form: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", form)


# Every form parse() reads, surrounding spaces and blank (= unknown) included, for the API's document.
DATE_PATTERN = r"^\s*(?:" + "|".join(_unnamed(f) for f in (_ISO_FORMS, *_WRITTEN_FORMS)) + r")?\s*$"

PRECISIONS = ("year", "month", "day", "month_day")


@dataclass(frozen=True, order=False)
class PartialDate:
    """A date known to a year, a month, a day, or a day and month without the year."""

    year: int | None
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.year is None and (self.month is None or self.day is None):
            raise ValueError(gettext("a date without a year needs both a day and a month"))
        if self.year is not None and not 1 <= self.year <= 9999:
            raise ValueError(gettext("year %(year)s is out of range") % {"year": self.year})
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(gettext("month %(month)s is not between 1 and 12") % {"month": self.month})
        if self.day is not None:
            if self.month is None:
                raise ValueError(gettext("a day needs a month"))
            last = calendar.monthrange(self.year or 2000, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(
                    gettext("day %(day)s does not exist in month %(month)s")
                    % {"day": self.day, "month": self.month}
                )

    @classmethod
    def parse(cls, value: str | dt.date | PartialDate | None) -> PartialDate | None:
        """Read a partial date, ISO ("2024-12-04", "2024-12", "2024", "--12-28") or written (4/12/2024, 12/2024, 28/12)."""
        if value is None or isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        text = str(value).strip()
        if not text:
            return None
        written = _WRITTEN.match(text)
        if written:
            if written["m2"]:
                return cls(None, int(written["m2"]), int(written["d2"]))
            return cls(int(written["y"]), int(written["m"]), int(written["d"]) if written["d"] else None)
        match = _ISO.match(text)
        if not match:
            raise ValueError(
                gettext(
                    "'%(value)s' is not a date: write day/month/year (4/12/2026), month/year (12/2026) or a year"
                )
                % {"value": text}
            )
        if match["m2"]:
            return cls(None, int(match["m2"]), int(match["d2"]))
        return cls(
            int(match["y"]), int(match["m"]) if match["m"] else None, int(match["d"]) if match["d"] else None
        )

    @property
    def precision(self) -> str:
        if self.year is None:
            return "month_day"
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def isoformat(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    __str__ = isoformat

    def earliest(self) -> dt.date | None:
        """The first day this date can mean (None when the year is unknown)."""
        if self.year is None:
            return None
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date | None:
        """The last day this date can mean (None when the year is unknown)."""
        if self.year is None:
            return None
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def display_vi(self) -> str:
        """Vietnamese style, showing only what is known: 12/12/2024, 12/2024, 2024, 28/12."""
        if self.year is None:
            return f"{self.day:02d}/{self.month:02d}"
        if self.day is not None:
            return f"{self.day:02d}/{self.month:02d}/{self.year}"
        if self.month is not None:
            return f"{self.month:02d}/{self.year}"
        return str(self.year)

    def long_vi(self) -> str:
        """The administrative long form: "ngày 12 tháng 12 năm 2024", "tháng 12 năm 2024", "năm 2024"."""
        if self.year is None:
            return f"ngày {self.day:02d} tháng {self.month:02d}"
        if self.day is not None:
            month = f"{self.month:02d}" if self.month and self.month <= 2 else str(self.month)
            return f"ngày {self.day:02d} tháng {month} năm {self.year}"
        if self.month is not None:
            return f"tháng {self.month} năm {self.year}"
        return f"năm {self.year}"


def parse_partial(value: Any, field: str = "date") -> PartialDate | None:
    """Like PartialDate.parse, but raises a ValidationError that names the field."""
    try:
        return PartialDate.parse(value)
    except (ValueError, TypeError) as exc:
        raise ValidationError({field: str(exc)}) from exc


@functools.lru_cache(maxsize=65_536)
def _stored(text: str) -> PartialDate | None:
    """A stored date read once per distinct text: pages read tens of thousands, mostly the same few thousand."""
    return PartialDate.parse(text)


class PartialDateField(models.CharField):
    """A model field holding a PartialDate as its ISO text."""

    description = _("Partial date (year, month, day)")
    # Tell django-stubs what the attribute holds (it would otherwise say str, as for a CharField).
    _pyi_private_set_type: PartialDate | str | None  # type: ignore[assignment]
    _pyi_private_get_type: PartialDate | None  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("null", True)
        super().__init__(*args, **kwargs)
        # A cleaned value is a PartialDate, which has no length (model forms, the admin): parsing bounds it.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for key, default in (("max_length", 10), ("blank", True), ("null", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> PartialDate | None:
        return _stored(value) if value else None

    def to_python(self, value: Any) -> PartialDate | None:  # type: ignore[override]
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def get_prep_value(self, value: Any) -> str | None:
        if value in (None, ""):
            return None
        return PartialDate.parse(value).isoformat()  # type: ignore[union-attr]

    def value_to_string(self, obj: Any) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        class PartialDateFormField(forms.CharField):
            def prepare_value(self, value: Any) -> Any:
                return str(value) if isinstance(value, PartialDate) else value

            def to_python(self, value: Any) -> Any:
                value = super().to_python(value)
                try:
                    return PartialDate.parse(value)
                except ValueError as exc:
                    raise ValidationError(str(exc), code="invalid") from exc

        kwargs.setdefault("form_class", PartialDateFormField)
        # The form field cleans to a PartialDate, which has no length: its own parsing bounds the text.
        kwargs["max_length"] = None
        kwargs.setdefault("help_text", _("YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD"))
        return super().formfield(**kwargs)
