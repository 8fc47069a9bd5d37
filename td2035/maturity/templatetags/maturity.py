from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def get(mapping: Any, key: str) -> Any:
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.filter
def signed(value: float | None) -> str:
    """+3.5 / −2.0 / ±0.0 with one decimal in the active locale."""
    if value is None:
        return ""
    rounded = round(float(value), 1)
    text = number_format(abs(rounded), 1)
    if rounded > 0:
        return f"+{text}"
    if rounded < 0:
        return f"−{text}"
    return f"±{text}"
