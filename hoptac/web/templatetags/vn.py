"""Template filters for Vietnamese-style dates and numbers: 12/12/2024, 1.216, 687,4 triệu USD."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hoptac.core.dates import PartialDate
from hoptac.reports import formatting

register = template.Library()


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_number(value: Any, places: int | None = None) -> str:
    """1216 → "1.216", 687.4 → "687,4", 0.5 → "0,5" (dot groups thousands, comma marks decimals)."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return ""
    return formatting.format_number(number, 6 if places is None else places)


# Vietnamese officials write large amounts in words of scale (687,4 triệu USD; 7.753 tỷ đồng).
def _scales() -> tuple[tuple[Decimal, str], ...]:
    return ((Decimal(10) ** 9, _("billion")), (Decimal(10) ** 6, _("million")))


def format_amount(value: Any, unit: str = "") -> str:
    """A figure with its unit, as the reports write it: 1.216; 61%; 687,4 triệu USD; 1,25 tỷ đồng."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return ""
    if unit == "percent":
        return formatting.format_percent(number, 2)
    if unit in ("count", "", None):
        return format_number(number, 2)
    vietnamese = (get_language() or "").startswith("vi")
    return formatting.format_amount(number, unit, scales=_scales(), named=vietnamese)


@register.filter
def vi_number(value: Any) -> str:
    """Vietnamese number style: 1.216; 687,4."""
    return format_number(value)


@register.filter
def vi_amount(value: Any, unit: str = "") -> str:
    """A value with its unit in Vietnamese style: 687,4 triệu USD."""
    return format_amount(value, unit)


@register.filter
def vi_date(value: Any) -> str:
    """A partial date, date or datetime as 12/12/2024, 12/2024 or 2024 (only what is known)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    try:
        parsed = PartialDate.parse(value)
    except ValueError:
        return str(value)
    return parsed.display_vi() if parsed else ""


@register.filter
def vi_period(start: Any, end: Any = None) -> str:
    """A period as "2022 – 2027", "từ 01/2023", or one date."""
    first, last = vi_date(start), vi_date(end)
    if first and last:
        return f"{first} – {last}"
    if first:
        return _("from %(date)s") % {"date": first}
    if last:
        return _("until %(date)s") % {"date": last}
    return ""


@register.filter
def percent(value: Any) -> int:
    """A fraction (0.2) as a whole percentage for progress bars (20), kept within 0–100."""
    number = _decimal(value)
    if number is None:
        return 0
    return max(0, min(100, round(number * 100)))


@register.filter
def highlight(text: str, span: tuple[int | None, int | None] | None) -> SafeString:
    """The text, escaped, with text[start:end] wrapped in <mark>."""
    text = text or ""
    start, end = span if span else (None, None)
    if start is None or end is None or not 0 <= start < end <= len(text):
        return conditional_escape(text)
    return format_html("{}<mark>{}</mark>{}", text[:start], text[start:end], text[end:])


@register.filter
def excerpt(text: str, span: tuple[int | None, int | None] | None, around: int = 160) -> SafeString:
    """Like highlight, but only the span and some text around it, with … where cut."""
    text = text or ""
    start, end = span if span else (None, None)
    if start is None or end is None or not 0 <= start < end <= len(text):
        return conditional_escape(text[: around * 2] + ("…" if len(text) > around * 2 else ""))
    left, right = max(0, start - around), min(len(text), end + around)
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "…" if left else "",
        text[left:start],
        text[start:end],
        text[end:right],
        "…" if right < len(text) else "",
    )


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced (for sort and page links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode()


@register.filter
def evidence(provenance: Any, around: int = 300) -> SafeString:
    """A provenance link's source text around its span, the span itself in <mark> (all escaped)."""
    text = provenance.source.text or ""
    return excerpt(text, (provenance.start, provenance.end), around)


@register.filter
def month_name(month: int) -> str:
    """A month's heading in the page's language: "Tháng 3" in Vietnamese, "March" in English."""
    from django.utils.dates import MONTHS
    from django.utils.translation import get_language

    if (get_language() or "vi").startswith("vi"):
        return f"Tháng {month}"
    return str(MONTHS[int(month)])
