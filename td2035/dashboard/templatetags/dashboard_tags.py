from django import template

from td2035.dashboard.charts import fmt

register = template.Library()


@register.filter
def cell(value: int | float | None, kind: str) -> str:
    """A figure as shown on the page: "—" when suppressed."""
    return fmt(value, kind)


@register.filter
def cells(row: object, columns: list) -> list[tuple[object, str]]:
    return list(zip(row.values, [c.fmt for c in columns], strict=True))  # type: ignore[attr-defined]


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key)
