"""Demo assessments: scored by scoring.py, deterministic, idempotent, improving, smaller firms lower."""

from statistics import mean

import pytest

from td2035.demo import assessments as demo
from td2035.maturity import scoring
from td2035.maturity.instruments import get_instrument
from td2035.maturity.models import Assessment, DimensionScore, RoadmapStep
from td2035.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def make_demo_companies(n: int = 40) -> None:
    for i in range(n):
        size = (
            {"employees": 3, "annual_sales_mxn": 1_000_000}
            if i % 2
            else {"employees": 400, "annual_sales_mxn": 900_000_000}
        )
        CompanyFactory.create(name=f"Demo {i}", is_demo=True, **size)


def test_demo_is_scored_deterministic_and_idempotent() -> None:
    make_demo_companies()
    first = demo.load_demo_assessments()
    assert first.message == "loaded" and first.created > 40
    assert demo.load_demo_assessments().created == 0
    assert Assessment.objects.filter(is_demo=True).count() == first.created
    assert RoadmapStep.objects.exists()
    instrument = get_instrument("eu-dma-sme", 1)
    for a in Assessment.objects.filter(is_demo=True)[:50]:
        result = scoring.score(instrument, scoring.validate(instrument, a.answers))
        assert a.overall == pytest.approx(result.overall) and a.band == result.band
        assert a.dimension_scores == pytest.approx(result.dimensions)
    assert DimensionScore.objects.filter(assessment__is_demo=True).count() == 6 * first.created
    orgs = {a.organization_id for a in Assessment.objects.filter(is_demo=True)}
    assert Assessment.objects.filter(is_demo=True, is_latest=True).count() == len(orgs)
    snapshot = sorted(
        Assessment.objects.filter(is_demo=True).values_list("organization__slug", "completed_at", "overall")
    )
    assert demo.load_demo_assessments(reset=True).created == first.created
    again = sorted(
        Assessment.objects.filter(is_demo=True).values_list("organization__slug", "completed_at", "overall")
    )
    assert again == snapshot


def test_demo_history_starts_in_q2_2021_improves_and_micro_firms_are_lower() -> None:
    make_demo_companies(120)
    demo.load_demo_assessments()
    rows = [(a, a.completed_at, a.overall or 0.0) for a in Assessment.objects.filter(is_demo=True)]
    assert all(when is not None and when.date() >= demo.START for _a, when, _o in rows)
    early = [o for _a, when, o in rows if when and when.year <= 2022]
    late = [o for _a, when, o in rows if when and when.year >= 2025]
    assert early and late and mean(late) > mean(early) + 5
    latest = [(a, o) for a, _when, o in rows if a.is_latest]
    micro = [o for a, o in latest if a.size == "micro"]
    large = [o for a, o in latest if a.size in ("large", "medium")]
    assert micro and large and mean(micro) < mean(large)
    orgs = [a.organization_id for a, _when, _o in rows]
    assert max(orgs.count(o) for o in set(orgs)) >= 3
