"""A deterministic layout of the network of networks, drawn as SVG on the server.

Columns are depths (the longest chain of parents above a network), rows follow a depth-first walk from
the top-level networks, so every sub-network sits below and to the right of its first parent, like an
outline. Circle areas grow with the number of organisations (sub-networks' members included).
"""

import math
from dataclasses import dataclass

from td2035.directory.models import Network

COLUMN_WIDTH = 190
ROW_HEIGHT = 52
MARGIN = 30
MIN_RADIUS = 6.0
MAX_RADIUS = 20.0
LABEL_SPACE = 300


@dataclass(frozen=True)
class Node:
    network: Network
    count: int
    depth: int
    row: int
    x: float
    y: float
    r: float

    @property
    def label_x(self) -> float:
        return round(self.x + self.r + 8, 1)


@dataclass(frozen=True)
class Edge:
    parent: Node
    child: Node
    path: str


@dataclass(frozen=True)
class GraphLayout:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int


def depths(ids: list[int], edges: dict[int, list[int]]) -> dict[int, int]:
    """Longest distance from a top-level network; links that would close a cycle are ignored."""
    parents: dict[int, list[int]] = {pk: [] for pk in ids}
    for parent, children in edges.items():
        for child in children:
            if child in parents and parent in parents:
                parents[child].append(parent)
    memo: dict[int, int] = {}

    def depth(pk: int, path: frozenset[int]) -> int:
        if pk not in memo:
            above = [depth(p, path | {p}) for p in parents[pk] if p not in path]
            memo[pk] = 1 + max(above) if above else 0
        return memo[pk]

    return {pk: depth(pk, frozenset({pk})) for pk in ids}


def row_order(ids: list[int], edges: dict[int, list[int]], names: dict[int, str]) -> list[int]:
    has_parent = {c for kids in edges.values() for c in kids}
    roots = sorted((pk for pk in ids if pk not in has_parent), key=lambda pk: names[pk])
    order: list[int] = []
    seen: set[int] = set()

    def walk(pk: int) -> None:
        if pk in seen or pk not in names:
            return
        seen.add(pk)
        order.append(pk)
        for child in sorted(edges.get(pk, []), key=lambda c: names.get(c, "")):
            walk(child)

    for root in roots:
        walk(root)
    order += sorted((pk for pk in ids if pk not in seen), key=lambda pk: names[pk])  # only inside cycles
    return order


def layout(networks: list[Network], edges: dict[int, list[int]], counts: dict[int, int]) -> GraphLayout:
    ids = [n.pk for n in networks]
    by_id = {n.pk: n for n in networks}
    depth = depths(ids, edges)
    order = row_order(ids, edges, {n.pk: n.name for n in networks})
    biggest = max([counts.get(pk, 0) for pk in ids] + [1])
    nodes: dict[int, Node] = {}
    for row, pk in enumerate(order):
        share = math.sqrt(counts.get(pk, 0) / biggest)
        nodes[pk] = Node(
            network=by_id[pk],
            count=counts.get(pk, 0),
            depth=depth[pk],
            row=row,
            x=MARGIN + MAX_RADIUS + depth[pk] * COLUMN_WIDTH,
            y=MARGIN + MAX_RADIUS + row * ROW_HEIGHT,
            r=round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * share, 1),
        )
    links = [
        Edge(nodes[parent], nodes[child], edge_path(nodes[parent], nodes[child]))
        for parent, children in sorted(edges.items())
        for child in sorted(children)
        if parent in nodes and child in nodes
    ]
    max_depth = max([n.depth for n in nodes.values()] + [0])
    width = int(2 * MARGIN + 2 * MAX_RADIUS + max_depth * COLUMN_WIDTH + LABEL_SPACE)
    height = int(2 * MARGIN + 2 * MAX_RADIUS + max(len(order) - 1, 0) * ROW_HEIGHT)
    return GraphLayout(list(nodes.values()), links, width, height)


def edge_path(parent: Node, child: Node) -> str:
    """A curve leaving the parent downwards and reaching the child from the left."""
    x1, y1 = parent.x, parent.y + (parent.r if child.y > parent.y else -parent.r)
    x2, y2 = child.x - child.r, child.y
    return f"M{x1} {y1}C{x1} {y2} {x1} {y2} {x2} {y2}"
