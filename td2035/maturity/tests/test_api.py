"""API v1: the instrument, submitting an assessment (write token, members only), listing them."""

from typing import Any

import pytest

from td2035.maturity.models import Assessment, DimensionScore
from td2035.registration.tests.test_api_write import Api, fields_of
from td2035.tests.factories import CompanyFactory
from td2035.tests.people import admin_of, make_user, member_of

pytestmark = pytest.mark.django_db

ANSWERS = {
    "Q1": {"operations": ["already-invested"], "delivery": ["planning-to-invest"]},
    "Q2": ["needs-identified", "ict-specialists"],
    "Q4": {"cad-cam": 5},
    "Q7": ["digital-storage", "real-time-access"],
    "Q9": {"business-intelligence": 3},
    "Q11": {"equipment-recycling": "yes", "energy-monitoring": "partial"},
}


@pytest.fixture
def org() -> Any:
    return CompanyFactory.create(name="Talleres Bernal", scian_id="332710")


def test_instrument_is_public_with_ids_and_texts() -> None:
    response = Api(None).get("/instruments/eu-dma-sme")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "eu-dma-sme" and body["version"] == 1
    assert [d["id"] for d in body["dimensions"]] == [
        "digital_business_strategy",
        "digital_readiness",
        "human_centric_digitalisation",
        "data_management",
        "automation_ai",
        "green_digitalisation",
    ]
    q7 = next(q for q in body["questions"] if q["id"] == "Q7")
    assert {"id", "text_es", "text_en"} <= set(q7["options"][0])
    assert "scoring" in body and not any(k.startswith("_") for k in body)
    assert Api(None).get("/instruments/nope").status_code == 404


def test_member_submits_and_gets_scores(org: Any) -> None:
    response = Api(member_of(org)).post(
        f"/organizations/{org.slug}/assessments", {"instrument": "eu-dma-sme", "answers": ANSWERS}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "overall", "band", "dimensions"}
    assert body["dimensions"]["digital_business_strategy"] == pytest.approx(10 * (1.5 + 2) / 2)
    assert body["band"] == "basic"
    stored = Assessment.objects.get(pk=body["id"])
    assert stored.overall == pytest.approx(body["overall"]) and stored.is_latest
    listing = Api(admin_of(org)).get(f"/organizations/{org.slug}/assessments")
    assert listing.status_code == 200 and [a["id"] for a in listing.json()] == [body["id"]]
    assert listing.json()[0]["answers"]["Q2"] == ["needs-identified", "ict-specialists"]


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"Q7": ["no-digital-collection", "digital-storage"]}, "answers.Q7"),
        ({"Q4": {"cad-cam": 6}}, "answers.Q4.cad-cam"),
        ({"Q12": []}, "answers.Q12"),
        ({"Q2": ["unknown"]}, "answers.Q2"),
        ({"Q11": {"no-such-row": "yes"}}, "answers.Q11.no-such-row"),
        ({"Q1": {"operations": ["maybe"]}}, "answers.Q1.operations"),
    ],
)
def test_bad_answers_are_422_naming_the_field_and_store_nothing(org: Any, answers: dict, field: str) -> None:
    response = Api(member_of(org)).post(
        f"/organizations/{org.slug}/assessments", {"instrument": "eu-dma-sme", "answers": answers}
    )
    assert response.status_code == 422
    assert fields_of(response) == {field}
    assert not Assessment.objects.exists() and not DimensionScore.objects.exists()


def test_bad_body(org: Any) -> None:
    api = Api(member_of(org))
    response = api.post(f"/organizations/{org.slug}/assessments", {"instrument": "other", "answers": {}})
    assert response.status_code == 422 and fields_of(response) == {"instrument"}
    response = api.post(f"/organizations/{org.slug}/assessments", {"instrument": "eu-dma-sme", "answers": []})
    assert response.status_code == 422 and fields_of(response) == {"answers"}
    response = api.post(f"/organizations/{org.slug}/assessments", {"answers": {}, "extra": 1})
    assert response.status_code == 422 and fields_of(response) == {"extra"}
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("stranger", 403), ("anonymous", 401), ("read token", 403)])
def test_outsiders_cannot_submit(org: Any, who: str, status: int) -> None:
    users = {"stranger": lambda: make_user("x@otra.example"), "anonymous": lambda: None}
    api = Api(member_of(org), scope="read") if who == "read token" else Api(users[who]())
    response = api.post(
        f"/organizations/{org.slug}/assessments", {"instrument": "eu-dma-sme", "answers": ANSWERS}
    )
    assert response.status_code == status
    assert not Assessment.objects.exists()


def test_only_members_list_assessments(org: Any) -> None:
    member = Api(member_of(org))
    assert member.post(f"/organizations/{org.slug}/assessments", {"answers": ANSWERS}).status_code == 201
    assert Api(make_user("y@otra.example")).get(f"/organizations/{org.slug}/assessments").status_code == 403
    assert Api(None).get(f"/organizations/{org.slug}/assessments").status_code == 401
    assert member.get("/organizations/no-such-org/assessments").status_code == 404
