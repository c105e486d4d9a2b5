"""Numbers, amounts and percentages written the Vietnamese way: 215.414; 24,4 triệu USD; 7.753 tỷ đồng; 61%."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

Number = Decimal | int | float

# Currency names as Vietnamese administrative texts write them; other ISO codes are shown as they are.
CURRENCY_NAMES = {
    "VND": "đồng",
    "USD": "USD",
    "LAK": "kíp",
    "KHR": "riel",
    "EUR": "EUR",
    "CNY": "nhân dân tệ",
}
_SCALES = ((Decimal(10) ** 9, "tỷ"), (Decimal(10) ** 6, "triệu"))


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"'{value}' is not a number") from exc


def format_number(value: Number, decimals: int = 2) -> str:
    """Group thousands with '.', decimals after ',', at most `decimals` places, no trailing zeros: 1.216; 687,4."""
    number = _decimal(value)
    if not number.is_finite():
        raise ValueError(f"'{value}' is not a finite number")
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    fraction = fraction.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups) + (f",{fraction}" if fraction else "")
    return "0" if text == "0" else sign + text


def format_percent(percent: Number, decimals: int = 1) -> str:
    """A percentage given in percent: 61 → "61%", 61.25 → "61,3%"."""
    return f"{format_number(percent, decimals)}%"


def format_ratio(fraction: Number) -> str:
    """A fraction as a whole percentage: 0.2 → "20%", 1 → "100%"."""
    return format_percent(_decimal(fraction) * 100, 0)


def currency_name(code: str) -> str:
    """The currency as a Vietnamese text writes it: VND → đồng, USD → USD."""
    return CURRENCY_NAMES.get(code, code)


def format_amount(
    value: Number, currency: str, *, scales: tuple[tuple[Decimal, str], ...] = _SCALES, named: bool = True
) -> str:
    """Money in millions (triệu) or billions (tỷ) when large: 24,4 triệu USD; 7.753 tỷ đồng; 500.000 USD.

    The one amount formatter of reports and pages; pages pass their language's scale words, and
    named=False keeps the ISO code (VND) where the page is not in Vietnamese."""
    number = _decimal(value)
    name = currency_name(currency) if named else currency
    for scale, word in scales:
        if abs(number) >= scale:
            scaled = number / scale
            # Small multiples keep two decimals (1,25 tỷ), larger ones one (687,4 triệu).
            return f"{format_number(scaled, 2 if abs(scaled) < 10 else 1)} {word} {name}"
    return f"{format_number(number)} {name}"


def format_value(value: Number, unit: str) -> str:
    """A figure's value in its unit: count → 1.216; percent → 61%; a currency → 687,4 triệu USD."""
    if unit in ("count", ""):
        return format_number(value)
    if unit == "percent":
        return format_percent(value)
    if len(unit) == 3 and unit.isupper():
        return format_amount(value, unit)
    return f"{format_number(value)} {unit}"
