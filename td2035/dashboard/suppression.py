"""Small-cell suppression: the one rule every figure of the dashboard, its CSV files and the API obey.

Rule (k = 5): a figure computed over fewer than K organisations is not published. Pages show "—", CSV
cells are empty, the API answers null. Counts of zero are published (they describe nobody).

Differencing: a suppressed cell in a breakdown could be recovered by subtracting the published cells
from a published total. So when a breakdown has exactly one suppressed cell, the smallest published
cell is suppressed too (complementary suppression), and group counts are never published next to a
total that would reveal a suppressed count on their own. Differencing *between* filters (a network
and the same network without one sub-network, two dates) is not prevented: the figures are aggregates
of at least K organisations each, and the dashboard offers no filter narrower than a network or a
municipality.
"""

from collections.abc import Callable, Sequence
from typing import TypeVar

K = 5

T = TypeVar("T")


def is_suppressed(n: int | None) -> bool:
    """True when a figure over `n` organisations must not be published (0 < n < K)."""
    return n is not None and 0 < n < K


def publish(value: T, n: int | None) -> T | None:
    """`value` when computed over at least K organisations, None otherwise (None means suppressed)."""
    if n is None or n < K:
        return None
    return value


def publish_count(n: int | None) -> int | None:
    """A count of organisations: published when 0 or at least K."""
    if n is None or is_suppressed(n):
        return None
    return n


def complementary(sizes: Sequence[int]) -> set[int]:
    """Indexes of the cells to suppress in a breakdown whose cell sizes are `sizes`.

    Primary: every cell over 1..K-1 organisations. Secondary: when exactly one cell is suppressed and
    the others add up to a published total, the smallest other non-empty cell as well.
    """
    primary = {i for i, n in enumerate(sizes) if is_suppressed(n)}
    if len(primary) == 1:
        others = [(n, i) for i, n in enumerate(sizes) if i not in primary and n > 0]
        if others:
            primary.add(min(others)[1])
    return primary


def suppress_rows(rows: list[dict], size: Callable[[dict], int], fields: Sequence[str]) -> list[dict]:
    """Copies of `rows` with `fields` set to None in the cells `complementary` picks."""
    hidden = complementary([size(row) for row in rows])
    out = []
    for index, row in enumerate(rows):
        row = dict(row)
        if index in hidden:
            for name in fields:
                row[name] = None
            row["suppressed"] = True
        else:
            row.setdefault("suppressed", False)
        out.append(row)
    return out
