"""Template filters of the equipment pages."""

from decimal import Decimal, InvalidOperation

from django import template

from revival_portal.core.templatetags.jalali import PERSIAN_THOUSANDS_SEPARATOR, is_persian
from revival_portal.core.text import persian_digits

register = template.Library()


@register.filter
def tonnes(value) -> str:
    """A tonnage with thousands separators and no needless decimals (Persian digits on Persian pages)."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    text = f"{amount:,.2f}".rstrip("0").rstrip(".")
    if is_persian():
        return persian_digits(text.replace(",", PERSIAN_THOUSANDS_SEPARATOR).replace(".", "٫"))
    return text
