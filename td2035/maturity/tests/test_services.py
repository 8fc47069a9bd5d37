"""Taking an assessment: who may, what is stored, peers and their suppression, history, roadmap."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from td2035.accounts.models import AuditEntry
from td2035.maturity import peers, queries, scoring, services
from td2035.maturity.instruments import get_instrument
from td2035.maturity.models import Assessment, DimensionScore, Instrument, PeerSummary, RoadmapStep
from td2035.maturity.signals import assessment_completed
from td2035.tests.factories import CompanyFactory
from td2035.tests.people import admin_of, make_user, member_of, platform_admin

pytestmark = pytest.mark.django_db

FULL_Q2 = [
    "needs-identified",
    "financial-resources",
    "ict-infrastructure",
    "ict-specialists",
    "management-ready",
]


def submit(org: Any, answers: dict, when: Any = None) -> Assessment:
    user = admin_of(org, email=f"a{Assessment.objects.count()}-{org.slug}@example.com")
    assessment = services.submit_assessment(user, org, "eu-dma-sme", answers)
    if when is not None:
        Assessment.objects.filter(pk=assessment.pk).update(completed_at=when)
        assessment.refresh_from_db()
    return assessment


def test_steps_are_saved_and_completion_stores_everything(django_capture_on_commit_callbacks: Any) -> None:
    org = CompanyFactory.create(name="Tortillería La Esperanza", scian_id="311830", municipality_id="016")
    person = member_of(org, email="socia@tortilleria.example")
    received: list[int] = []

    def listener(sender: Any, assessment_id: int, **kwargs: Any) -> None:
        received.append(assessment_id)

    assessment_completed.connect(listener)
    try:
        draft = services.start_assessment(person, org)
        assert services.start_assessment(person, org).pk == draft.pk  # progress kept between visits
        services.save_step(person, draft, "digital_business_strategy", {"Q2": FULL_Q2, "Q1": {}})
        services.save_step(person, draft, "automation_ai", {"Q9": {"robotics": 5}})
        draft.refresh_from_db()
        assert draft.answers == {"Q2": FULL_Q2, "Q9": {"robotics": 5}}
        with django_capture_on_commit_callbacks(execute=True):
            done = services.complete_assessment(person, draft)
    finally:
        assessment_completed.disconnect(listener)
    assert received == [done.pk]
    assert done.status == "completed" and done.is_latest and done.version == 1
    assert (done.sector, done.subsector, done.size, done.municipality) == ("31-33", "311", org.size, "016")
    assert done.dimension_scores["digital_business_strategy"] == pytest.approx(25)
    assert done.dimension_scores["automation_ai"] == pytest.approx(20)
    assert done.overall == pytest.approx(45 / 6) and done.band == "basic"
    rows = dict(DimensionScore.objects.filter(assessment=done).values_list("dimension", "score"))
    assert rows == done.dimension_scores
    assert AuditEntry.objects.filter(action="maturity.assessment_completed", target_id=str(done.pk)).exists()
    assert Instrument.objects.filter(instrument_id="eu-dma-sme", version=1).exists()


def test_a_step_refuses_bad_answers_and_saves_nothing() -> None:
    org = CompanyFactory.create()
    person = member_of(org)
    draft = services.start_assessment(person, org)
    with pytest.raises(scoring.AnswerError) as exc:
        services.save_step(
            person, draft, "data_management", {"Q7": ["no-digital-collection", "digital-storage"]}
        )
    assert exc.value.errors[0].field == "answers.Q7"
    with pytest.raises(scoring.AnswerError):
        services.save_step(person, draft, "data_management", {"Q2": FULL_Q2})  # not in this step
    draft.refresh_from_db()
    assert draft.answers == {}


def test_outsiders_may_not_start_or_submit() -> None:
    org = CompanyFactory.create()
    stranger = make_user("otra@empresa.example")
    member_of(CompanyFactory.create(name="Otra empresa"), stranger)
    with pytest.raises(PermissionDenied):
        services.start_assessment(stranger, org)
    with pytest.raises(PermissionDenied):
        services.submit_assessment(stranger, org, "eu-dma-sme", {})
    assert not Assessment.objects.exists()
    assert services.can_assess(platform_admin(), org)


def test_retake_keeps_history_and_moves_latest() -> None:
    org = CompanyFactory.create()
    first = submit(org, {"Q2": FULL_Q2[:1]}, timezone.now() - timedelta(days=400))
    second = submit(org, {"Q2": FULL_Q2})
    first.refresh_from_db()
    assert not first.is_latest and second.is_latest
    rows = queries.history(org)
    assert [r.assessment.pk for r in rows] == [second.pk, first.pk]
    assert rows[0].changes["digital_business_strategy"] == pytest.approx(20)
    assert rows[1].changes == {}


def test_submit_rejects_unknown_instrument_and_stores_nothing() -> None:
    org = CompanyFactory.create()
    user = admin_of(org)
    with pytest.raises(services.UnknownInstrument):
        services.submit_assessment(user, org, "no-such", {})
    with pytest.raises(scoring.AnswerError):
        services.submit_assessment(user, org, "eu-dma-sme", {"Q4": {"vr-ar": 9}})
    assert not Assessment.objects.exists() and not DimensionScore.objects.exists()


def test_answers_keep_the_version_they_were_given_under() -> None:
    org = CompanyFactory.create()
    done = submit(org, {"Q2": FULL_Q2})
    assert done.version == get_instrument("eu-dma-sme")["version"]
    Instrument.objects.filter(instrument_id="eu-dma-sme", version=1).update(
        data={**get_instrument("eu-dma-sme", 1)}
    )
    assert queries.completed_assessments(org).first().version == 1  # type: ignore[union-attr]


def test_peers_are_suppressed_below_five_and_shown_from_five() -> None:
    mine = CompanyFactory.create(name="Mía", scian_id="332710")
    me = submit(mine, {"Q2": FULL_Q2})
    for i in range(3):
        submit(CompanyFactory.create(name=f"Par {i}", scian_id="332710"), {"Q2": FULL_Q2[: i + 1]})
    submit(CompanyFactory.create(name="Otro sector", scian_id="541510"), {"Q2": FULL_Q2})
    groups = {g.key: g for g in queries.peer_groups(me)}
    assert groups["sector"].organizations == 4
    assert groups["sector"].suppressed and groups["sector"].overall_median is None
    assert groups["sector"].rank_percentile is None and groups["sector"].dimension_medians == {}
    assert not groups["all"].suppressed and groups["all"].organizations == 5
    fifth = submit(CompanyFactory.create(name="Par 5", scian_id="332710"), {"Q2": FULL_Q2})
    # the stored figures stand until the worker refreshes the groups of the new assessment
    assert {g.key: g for g in queries.peer_groups(me)}["sector"].suppressed
    assert peers.refresh_peer_summaries.call(fifth.pk) == 4
    groups = {g.key: g for g in queries.peer_groups(me)}
    sector = groups["sector"]
    assert not sector.suppressed and sector.organizations == 5
    overall = sorted(a.overall or 0 for a in Assessment.objects.filter(is_latest=True, sector="31-33"))
    assert sector.overall_median == pytest.approx(overall[2])
    assert sector.overall_p25 == pytest.approx(overall[1]) and sector.overall_p75 == pytest.approx(overall[3])
    assert sector.rank_percentile == pytest.approx(
        100 * (3 + 0.5 * 2) / 5
    )  # 3 below, 2 tied (itself included)
    assert set(sector.dimension_medians) == set(me.dimension_scores)


def test_roadmap_for_the_weakest_dimensions_links_into_the_platform() -> None:
    org = CompanyFactory.create()
    done = submit(org, {"Q9": {"robotics": 5, "nlp": 5, "computer-vision": 5, "speech-processing": 5}})
    items = queries.roadmap(done)
    assert RoadmapStep.objects.count() >= 18
    assert len(items) == 3
    assert "automation_ai" not in [i.dimension for i in items]
    assert all(i.score == 0 for i in items)
    urls = [link["url"] for item in items for step in item.steps for link in queries.step_links(step)]
    assert urls and all(u.startswith("/") for u in urls)
    assert any(u.startswith("/directorio/") for u in urls)


def test_roadmap_loader_keeps_admin_edits() -> None:
    assert queries.load_roadmap() >= 18
    RoadmapStep.objects.filter(key="data-backup").update(title_es="Editado")
    assert queries.load_roadmap() == 0
    assert RoadmapStep.objects.get(key="data-backup").title_es == "Editado"
    queries.load_roadmap(update=True)
    assert RoadmapStep.objects.get(key="data-backup").title_es != "Editado"


def test_step_links_drop_external_urls() -> None:
    step = RoadmapStep(
        links=[{"url": "https://evil.example"}, {"url": "//evil.example"}, {"url": "/redes/uteq/"}]
    )
    assert [link["url"] for link in queries.step_links(step)] == ["/redes/uteq/"]


def test_completing_an_assessment_queues_the_refresh_of_its_peer_groups(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    for i in range(5):
        submit(CompanyFactory.create(name=f"Par {i}", scian_id="332710"), {"Q2": FULL_Q2[: i + 1]})
    with django_capture_on_commit_callbacks(execute=True):
        last = submit(CompanyFactory.create(name="Sexta", scian_id="332710"), {"Q2": FULL_Q2})
    stored = {tuple(s.filters.items()): s.data["organizations"] for s in PeerSummary.objects.all()}
    assert stored[(("sector", last.sector),)] == 6 and stored[()] == 6
