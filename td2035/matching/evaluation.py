"""Offline evaluation of the matching engine on the demo ecosystem.

The labelled needs live in data/evaluation.json. They were built by `build_labels()` from what the demo
organisations *are* (their product and capability lines, SCIAN classes and certifications), never by
running the engine, with this procedure:

1. Items: every distinct product or capability line of the demo companies (compared accent- and
   case-blind). An item offered by at least MIN_OFFERERS and at most MAX_OFFERERS companies can be a
   need (rarer ones leave nothing to rank; commoner ones are generic).
2. The need's SCIAN class is the most common primary class of the companies offering the item. Items
   are grouped by that class's subsector and the PER_SUBSECTOR items offered by the most companies are
   kept, so that every industry of the demo is represented.
3. Every other need requires a certification: the one most held by the item's offerers, if at least
   30 % of them hold it (ISO 14001 excepted: buyers rarely require it for a purchase).
4. Delivery municipality: a fixed rotation over the five industrial municipalities.
5. Grades of each company for a need:
   3 = offers the item and holds every required certification;
   2 = offers the item but lacks a required certification, or does not list the item but has the
       need's SCIAN class (primary or secondary) and holds every required certification;
   1 = has the need's SCIAN class but lacks a required certification.
   Distance plays no part in the labels (every demo company is in the state; buyers accept any).
6. Spot-check: the needs were read by hand; MANUAL_CORRECTIONS lists the changes made (and why).

Metrics: NDCG@10 with gains 2^grade - 1 (ideal ranking from all labelled companies) and recall@20 of the
companies graded 2 or 3. The baseline is BM25 on the need's words alone over every demo organisation.
"""

import json
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from td2035.core.text import fold
from td2035.matching.engine import DEFAULT_WEIGHTS, NeedSpec, Weights, text_only

EVALUATION_JSON = Path(__file__).resolve().parent / "data" / "evaluation.json"
MIN_OFFERERS = 3
MAX_OFFERERS = 25
PER_SUBSECTOR = 3
MUNICIPALITY_ROTATION = ("014", "011", "006", "016", "005")
SKIPPED_CERTIFICATIONS = {"ISO 14001"}
# Applied after the automatic procedure, from reading every need by hand: items that describe how a
# company works rather than something a buyer would ask a supplier for are dropped (ids stay as built,
# so the tuning/held-out split does not move).
_NOT_A_NEED = "describes how the company works, not something a buyer asks a supplier for"
MANUAL_CORRECTIONS: list[dict[str, str]] = [
    {"title": t, "change": "dropped", "why": _NOT_A_NEED}
    for t in (
        "Producción de forraje propio",
        "Maquinaria propia",
        "Producción diaria",
        "Elaboración por lotes pequeños",
        "Venta en línea",
        "Crédito a empresas",
        "Entregas en planta el mismo día",
        "Pago con tarjeta y transferencia",
        "Pedidos por mensajería",
        "Entregas a domicilio",
        "Operación 24/7",
        "Estacionamiento y wifi",
        "Distintivo de higiene",
    )
]


def _key(line: str) -> str:
    return " ".join(fold(line).split())


# --- Building the labels (needs the demo in the database) ----------------------------------------------


def build_labels() -> dict[str, Any]:
    from td2035.directory.models import Organization, OrganizationKind

    companies = list(
        Organization.objects.filter(is_demo=True, kind=OrganizationKind.COMPANY)
        .prefetch_related("certifications", "secondary_scian")
        .order_by("slug")
    )
    offers: dict[str, list[Any]] = defaultdict(list)
    shown: dict[str, str] = {}
    for org in companies:
        for line in [*org.products.splitlines(), *org.capabilities.splitlines()]:
            if line.strip():
                offers[_key(line)].append(org)
                shown.setdefault(_key(line), line.strip())
    facts = {
        o.pk: (
            {o.scian_id, *(s.pk for s in o.secondary_scian.all())},
            {c.name for c in o.certifications.all()},
        )
        for o in companies
    }
    by_subsector: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for item, orgs in offers.items():
        unique = {o.pk: o for o in orgs}
        if not MIN_OFFERERS <= len(unique) <= MAX_OFFERERS:
            continue
        scian = Counter(o.scian_id for o in unique.values()).most_common(1)[0][0]
        by_subsector[scian[:3]].append((-len(unique), item, scian))
    needs: list[dict[str, Any]] = []
    for subsector in sorted(by_subsector):
        for _neg, item, scian in sorted(by_subsector[subsector])[:PER_SUBSECTOR]:
            needs.append(_need(len(needs), item, shown[item], scian, offers[item], companies, facts))
    dropped = {_key(c["title"]) for c in MANUAL_CORRECTIONS if c["change"] == "dropped"}
    kept = [n for n in needs if _key(n["title"]) not in dropped]
    return {"about": __doc__, "corrections": MANUAL_CORRECTIONS, "needs": kept}


def _need(
    index: int, item: str, title: str, scian: str, offerers: list[Any], companies: list[Any], facts: dict
) -> dict[str, Any]:
    offering = {o.pk for o in offerers}
    required: list[str] = []
    if index % 2 == 1:
        held = Counter(c for o in offering for c in facts[o][1] if c not in SKIPPED_CERTIFICATIONS)
        if held:
            name, count = held.most_common(1)[0]
            if count >= 0.3 * len(offering):
                required = [name]
    municipality = MUNICIPALITY_ROTATION[index % len(MUNICIPALITY_ROTATION)]
    relevant = []
    for org in companies:
        classes, certs = facts[org.pk]
        has_certs = all(c in certs for c in required)
        if org.pk in offering:
            grade, why = (
                (3, "ofrece el artículo y tiene las certificaciones")
                if has_certs
                else (
                    2,
                    "ofrece el artículo, sin la certificación pedida",
                )
            )
        elif scian in classes:
            grade, why = (
                (2, "misma clase SCIAN y certificaciones")
                if has_certs
                else (
                    1,
                    "misma clase SCIAN, sin la certificación pedida",
                )
            )
        else:
            continue
        relevant.append({"slug": org.slug, "grade": grade, "why": why})
    relevant.sort(key=lambda r: (-r["grade"], r["slug"]))
    return {
        "id": index + 1,
        "title": title,
        "text": f"{title}\nRequerimos {title.lower()} para nuestra planta, con entregas programadas.",
        "scian": scian,
        "certifications": required,
        "municipality": municipality,
        "relevant": relevant,
    }


def write_labels(path: Path = EVALUATION_JSON) -> int:
    data = build_labels()
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(data["needs"])


# --- Metrics -------------------------------------------------------------------------------------------


def dcg(gains: Sequence[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at(ranked: Sequence[str], grades: dict[str, int], k: int = 10) -> float:
    gains = [2 ** grades.get(s, 0) - 1 for s in ranked[:k]]
    ideal = sorted((2**g - 1 for g in grades.values()), reverse=True)[:k]
    best = dcg(ideal)
    return dcg(gains) / best if best else 0.0


def recall_at(ranked: Sequence[str], grades: dict[str, int], k: int = 20, min_grade: int = 2) -> float:
    relevant = {s for s, g in grades.items() if g >= min_grade}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


# --- Running it ------------------------------------------------------------------------------------------


@dataclass
class Scores:
    needs: int
    ndcg_at_10: float
    recall_at_20: float

    def as_dict(self) -> dict[str, float]:
        return {
            "needs": self.needs,
            "ndcg_at_10": round(self.ndcg_at_10, 4),
            "recall_at_20": round(self.recall_at_20, 4),
        }


def load_needs(path: Path = EVALUATION_JSON) -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return list(data["needs"])


def need_spec(need: dict[str, Any], points: dict[str, tuple[float, float]]) -> NeedSpec:
    return NeedSpec(
        text=need["text"],
        scian=need["scian"],
        certifications=tuple(need["certifications"]),
        point=points.get(need["municipality"]),
        municipality=need["municipality"],
        id=need["id"],
    )


class Evaluator:
    """Runs labelled needs through the real layer (search-index candidates + engine) on the demo."""

    def __init__(self) -> None:
        from td2035.directory.models import Organization
        from td2035.matching import queries

        self.points = queries.municipality_points()
        self.slugs = dict(Organization.objects.filter(is_demo=True).values_list("pk", "slug"))
        self._candidates: dict[int, list[Any]] = {}
        self._stats: dict[int, Any] = {}
        self._all: list[Any] | None = None

    def ranked(self, need: dict[str, Any], weights: Weights = DEFAULT_WEIGHTS, k: int = 20) -> list[str]:
        from td2035.matching import queries
        from td2035.matching.engine import query_terms, rank_suppliers

        spec = need_spec(need, self.points)
        if need["id"] not in self._candidates:  # candidates do not depend on the weights
            request = queries.CandidateRequest(spec, need["title"])
            ids = queries.candidate_ids(request)
            self._candidates[need["id"]] = queries.supplier_candidates(ids, self.points)
            self._stats[need["id"]] = queries.corpus_stats(query_terms(spec.text))
        found, stats = self._candidates[need["id"]], self._stats[need["id"]]
        ranked = rank_suppliers(spec, found, weights=weights, limit=k, stats=stats)
        return [self.slugs.get(m.id, "") for m in ranked]

    def baseline(self, need: dict[str, Any], k: int = 20) -> list[str]:
        from td2035.matching import queries

        if self._all is None:
            self._all = queries.supplier_candidates(list(self.slugs), self.points)
        return [self.slugs.get(m.id, "") for m in text_only(need_spec(need, self.points), self._all, limit=k)]

    def score(
        self, needs: list[dict[str, Any]], weights: Weights = DEFAULT_WEIGHTS, *, baseline: bool = False
    ) -> Scores:
        ndcg = recall = 0.0
        for need in needs:
            grades = {r["slug"]: r["grade"] for r in need["relevant"]}
            ranked = self.baseline(need) if baseline else self.ranked(need, weights)
            ndcg += ndcg_at(ranked, grades, 10)
            recall += recall_at(ranked, grades, 20)
        n = max(len(needs), 1)
        return Scores(len(needs), ndcg / n, recall / n)
