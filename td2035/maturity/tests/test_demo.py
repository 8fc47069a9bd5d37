"""Demo assessments: scored by scoring.py, deterministic, idempotent, improving, smaller firms lower."""

from statistics import mean

import pytest

from td2035.directory.tests.factories import CompanyFactory
from td2035.maturity import demo, scoring
from td2035.maturity.instruments import get_instrument
from td2035.maturity.models import Assessment, DimensionScore, RoadmapStep

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
    rows = list(Assessment.objects.filter(is_demo=True))
    assert min(a.completed_at for a in rows).date() >= demo.START
    early = [a.overall for a in rows if a.completed_at.year <= 2022]
    late = [a.overall for a in rows if a.completed_at.year >= 2025]
    assert early and late and mean(late) > mean(early) + 5
    latest = [a for a in rows if a.is_latest]
    micro = [a.overall for a in latest if a.size == "micro"]
    large = [a.overall for a in latest if a.size in ("large", "medium")]
    assert micro and large and mean(micro) < mean(large)
    assert max(sum(1 for a in rows if a.organization_id == o) for o in {a.organization_id for a in rows}) >= 3
