"""Supply-chain view /mercado/cadena/: which SCIAN sectors buy from which, from the market's listings.

What is counted (the page says the same):
- a *closed deal*: a need (RFQ) closed with an awarded supplier. Buyer = the SCIAN sector of the
  organisation that published the need; supplier = the SCIAN sector of the awarded organisation.
- an *open need*: a published need. Buyer = the sector of its publisher; "demanded from" = the sector of
  the SCIAN class the need names (what is being bought).
Only listings the viewer may see count (market.queries.visible_listings), so private network listings
stay private. A scope (a network with its sub-networks, a municipality, or both) keeps an edge when the
buying or the supplying organisation is in it. Sectors are SCIAN 2018 sectors ("31-33") or subsectors.

Owner: inquiries helper (this file, market/supply_chain.html and tests/test_supply_chain.py only).
"""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from td2035.accounts.actors import Actor
from td2035.directory.models import Network, Organization
from td2035.directory.queries import network_with_descendants
from td2035.market.models import Listing, ListingKind, ListingStatus
from td2035.market.queries import visible_listings
from td2035.reference.models import ScianCode, ScianLevel
from td2035.reference.queries import municipality_names, sector_of

MAX_NODES = 12  # per column in the chart; the rest are drawn together as "Otros"
OTHER = "otros"


class ScopeForm(forms.Form):
    red = forms.ChoiceField(label=gettext_lazy("Red (con sus sub-redes)"), required=False)
    municipio = forms.ChoiceField(label=gettext_lazy("Municipio"), required=False)
    nivel = forms.ChoiceField(
        label=gettext_lazy("Nivel SCIAN"),
        required=False,
        choices=[
            ("sector", gettext_lazy("Sector (2 dígitos)")),
            ("subsector", gettext_lazy("Subsector (3 dígitos)")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everyone = [("", _("Todo el estado"))]
        red = self.fields["red"]
        municipio = self.fields["municipio"]
        assert isinstance(red, forms.ChoiceField) and isinstance(municipio, forms.ChoiceField)
        red.choices = everyone + list(Network.objects.order_by("name").values_list("slug", "name"))
        municipio.choices = everyone + sorted(municipality_names().items())


@dataclass
class Edge:
    buyer: str
    supplier: str
    deals: int = 0
    demand: int = 0

    @property
    def total(self) -> int:
        return self.deals + self.demand


@dataclass
class SupplyChain:
    level: str
    edges: list[Edge]
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def deals(self) -> int:
        return sum(e.deals for e in self.edges)

    @property
    def demand(self) -> int:
        return sum(e.demand for e in self.edges)

    def label(self, code: str) -> str:
        if code == OTHER:
            return _("Otros sectores")
        title = self.titles.get(code, "")
        return f"{code} {title}".strip()


# market.queries has no reads of closed deals or of visible open needs; these two filter
# visible_listings() here (lead: move them to market.queries if another caller needs them).
def visible_deals(user: Actor) -> QuerySet[Listing]:
    return visible_listings(user).filter(
        kind=ListingKind.NEED, status=ListingStatus.CLOSED, awarded_to__isnull=False
    )


def visible_open_needs(user: Actor) -> QuerySet[Listing]:
    return visible_listings(user).filter(kind=ListingKind.NEED, status=ListingStatus.PUBLISHED)


def scope_organizations(network_slug: str = "", municipality: str = "") -> QuerySet[Organization] | None:
    """Organisations in the chosen scope; None for the whole state."""
    if not network_slug and not municipality:
        return None
    orgs = Organization.objects.all()
    if network_slug:
        network = Network.objects.filter(slug=network_slug).first()
        ids = network_with_descendants(network.pk) if network else ()
        orgs = orgs.filter(memberships__network_id__in=ids)
    if municipality:
        orgs = orgs.filter(municipality_id=municipality)
    return orgs.values("pk")  # type: ignore[return-value]


def group_of(code: str | None, level: str) -> str:
    if not code:
        return ""
    return code[:3] if level == "subsector" else sector_of(code)


def supply_chain(
    user: Actor, *, network_slug: str = "", municipality: str = "", level: str = "sector"
) -> SupplyChain:
    scope = scope_organizations(network_slug, municipality)
    deals = visible_deals(user)
    needs = visible_open_needs(user)
    if scope is not None:
        deals = deals.filter(Q(organization_id__in=scope) | Q(awarded_to_id__in=scope))
        needs = needs.filter(organization_id__in=scope)
    edges: dict[tuple[str, str], Edge] = {}

    def add(buyer_code: str | None, supplier_code: str | None, count: int, attribute: str) -> None:
        buyer, supplier = group_of(buyer_code, level), group_of(supplier_code, level)
        if buyer and supplier:
            edge = edges.setdefault((buyer, supplier), Edge(buyer, supplier))
            setattr(edge, attribute, getattr(edge, attribute) + count)

    for row in deals.values("organization__scian_id", "awarded_to__scian_id").annotate(
        n=Count("pk", distinct=True)
    ):
        add(row["organization__scian_id"], row["awarded_to__scian_id"], row["n"], "deals")
    for need in needs.values("organization__scian_id", "scian_id").annotate(n=Count("pk", distinct=True)):
        add(need["organization__scian_id"], need["scian_id"], need["n"], "demand")
    ordered = sorted(edges.values(), key=lambda e: (-e.total, -e.deals, e.buyer, e.supplier))
    codes = {e.buyer for e in ordered} | {e.supplier for e in ordered}
    level_name = ScianLevel.SUBSECTOR if level == "subsector" else ScianLevel.SECTOR
    titles = dict(ScianCode.objects.filter(code__in=codes, level=level_name).values_list("code", "title_es"))
    return SupplyChain(level=level, edges=ordered, titles=titles)


# --- The chart: a two-column flow (buyers left, suppliers right), drawn on the server. ----------------

WIDTH = 860
LEFT_BAR = 300  # left labels end before the buyers' bars; right labels start after the suppliers' bars
RIGHT_BAR = 540
BAR = 12
TOP = 34
GAP = 6
ROW = 16  # a node takes at least this much height, so that labels never overlap
FLOW_HEIGHT = 420  # the taller column's bars add up to about this much
DEALS_COLOUR = "#0a4f8a"
DEMAND_COLOUR = "#c24e00"


@dataclass
class Node:
    code: str
    label: str
    short: str
    weight: int
    x: float
    y: float = 0.0
    height: float = 0.0
    cursor: float = 0.0


@dataclass
class Band:
    path: str
    colour: str
    title: str


def _top(weights: dict[str, int]) -> dict[str, str]:
    """Each code -> the node it is drawn in (the heaviest MAX_NODES - 1 keep theirs, the rest: OTHER)."""
    ranked = sorted(weights, key=lambda c: (-weights[c], c))
    if len(ranked) <= MAX_NODES:
        return {c: c for c in ranked}
    keep = set(ranked[: MAX_NODES - 1])
    return {c: (c if c in keep else OTHER) for c in ranked}


def _shorten(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def chart(chain: SupplyChain) -> dict[str, Any] | None:
    """Nodes, bands and the size of the SVG; None when there is nothing to draw."""
    if not chain.edges:
        return None
    buyer_weight: dict[str, int] = defaultdict(int)
    supplier_weight: dict[str, int] = defaultdict(int)
    for e in chain.edges:
        buyer_weight[e.buyer] += e.total
        supplier_weight[e.supplier] += e.total
    buyer_of, supplier_of = _top(buyer_weight), _top(supplier_weight)
    flows: dict[tuple[str, str, str], int] = defaultdict(int)
    for e in chain.edges:
        for kind, count in (("deals", e.deals), ("demand", e.demand)):
            if count:
                flows[(buyer_of[e.buyer], supplier_of[e.supplier], kind)] += count
    left = _column(flows, 0, LEFT_BAR - BAR, chain)
    right = _column(flows, 1, RIGHT_BAR, chain)
    total = max(sum(n.weight for n in left.values()), sum(n.weight for n in right.values()))
    scale = min(4.0, FLOW_HEIGHT / total)
    bottom = 0.0
    for column in (left, right):
        y = float(TOP)
        for node in column.values():
            node.height = max(node.weight * scale, 2.0)
            node.y = node.cursor = y
            y += max(node.height, ROW) + GAP
        bottom = max(bottom, y)
    # Bands leave each buyer in the order of their suppliers and reach each supplier in the order of
    # their buyers, which keeps crossings few.
    order = {code: i for i, code in enumerate(left)} | {("r", code): i for i, code in enumerate(right)}
    starts: dict[tuple[str, str, str], float] = {}
    for key in sorted(flows, key=lambda k: (order[k[0]], order[("r", k[1])], k[2])):
        starts[key] = left[key[0]].cursor
        left[key[0]].cursor += flows[key] * scale
    bands = []
    for key in sorted(flows, key=lambda k: (order[("r", k[1])], order[k[0]], k[2])):
        b, s, kind = key
        count = flows[key]
        thickness = max(count * scale, 1.0)
        start, end = left[b], right[s]
        y0, y1 = starts[key], end.cursor
        end.cursor += count * scale
        x0, x1 = LEFT_BAR, RIGHT_BAR
        mid = (x0 + x1) / 2
        path = (
            f"M{x0},{y0:.1f} C{mid},{y0:.1f} {mid},{y1:.1f} {x1},{y1:.1f} "
            f"L{x1},{y1 + thickness:.1f} C{mid},{y1 + thickness:.1f} {mid},{y0 + thickness:.1f} {x0},{y0 + thickness:.1f} Z"
        )
        what = _("%(n)s tratos cerrados") if kind == "deals" else _("%(n)s necesidades abiertas")
        bands.append(
            Band(
                path=path,
                colour=DEALS_COLOUR if kind == "deals" else DEMAND_COLOUR,
                title=f"{start.label} → {end.label}: {what % {'n': count}}",
            )
        )
    height = int(bottom + 10)
    return {
        "width": WIDTH,
        "height": height,
        "left": list(left.values()),
        "right": list(right.values()),
        "bands": bands,
        "left_x": LEFT_BAR - BAR,
        "right_x": RIGHT_BAR,
        "bar": BAR,
        "left_label_x": LEFT_BAR - BAR - 6,
        "right_label_x": RIGHT_BAR + BAR + 6,
        "deals_colour": DEALS_COLOUR,
        "demand_colour": DEMAND_COLOUR,
    }


def _column(
    flows: dict[tuple[str, str, str], int], side: int, x: float, chain: SupplyChain
) -> dict[str, Node]:
    weights: dict[str, int] = defaultdict(int)
    for key, count in flows.items():
        weights[key[side]] += count
    ordered = sorted(weights, key=lambda c: (c == OTHER, -weights[c], c))
    return {
        code: Node(
            code=code, label=chain.label(code), short=_shorten(chain.label(code)), weight=weights[code], x=x
        )
        for code in ordered
    }


# --- The page and its CSV. ---------------------------------------------------------------------------


def _safe_cell(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; make them plain text."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def csv_response(chain: SupplyChain) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cadena-de-suministro.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the accents right
    writer = csv.writer(response)
    writer.writerow(
        [
            "comprador_scian",
            "comprador",
            "proveedor_scian",
            "proveedor",
            "tratos_cerrados",
            "necesidades_abiertas",
            "total",
        ]
    )
    for e in chain.edges:
        writer.writerow(
            [
                e.buyer,
                _safe_cell(chain.titles.get(e.buyer, "")),
                e.supplier,
                _safe_cell(chain.titles.get(e.supplier, "")),
                e.deals,
                e.demand,
                e.total,
            ]
        )
    return response


@require_GET
def supply_chain_view(request: HttpRequest) -> HttpResponse:
    form = ScopeForm(request.GET or None)
    params = {"red": "", "municipio": "", "nivel": "sector"}
    status = 200
    if request.GET:
        if form.is_valid():
            params = {k: form.cleaned_data.get(k) or v for k, v in params.items()}
        else:
            status = 400
    chain = supply_chain(
        request.user, network_slug=params["red"], municipality=params["municipio"], level=params["nivel"]
    )
    if request.GET.get("formato") == "csv" and status == 200:
        return csv_response(chain)
    network = Network.objects.filter(slug=params["red"]).first() if params["red"] else None
    context = {
        "form": form,
        "chain": chain,
        "chart": chart(chain),
        "rows": [(e, chain.label(e.buyer), chain.label(e.supplier)) for e in chain.edges],
        "network": network,
        "municipality": municipality_names().get(params["municipio"], ""),
        "level": params["nivel"],
        "csv_query": _csv_query(params),
    }
    return render(request, "market/supply_chain.html", context, status=status)


def _csv_query(params: dict[str, str]) -> str:
    return urlencode({k: v for k, v in params.items() if v} | {"formato": "csv"})
