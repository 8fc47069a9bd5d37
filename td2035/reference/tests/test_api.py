import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client: Client):
    def get(path: str, **params):
        return client.get(f"/api/v1/reference/{path}", params)

    return get


def test_company_size_answers_size_and_score(api):
    response = api("company-size", employees=50, annual_sales_mxn="100000000", sector="industry")
    assert response.status_code == 200
    assert response.json()["size"] == "small"
    assert response.json()["score"] == pytest.approx(95.0)
    assert api("company-size", employees=51, annual_sales_mxn=0, sector="industry").json()["size"] == "medium"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"employees": -1, "annual_sales_mxn": 0, "sector": "industry"}, "employees"),
        ({"employees": "diez", "annual_sales_mxn": 0, "sector": "industry"}, "employees"),
        ({"employees": 1, "annual_sales_mxn": "-5", "sector": "industry"}, "annual_sales_mxn"),
        ({"employees": 1, "annual_sales_mxn": 0, "sector": "mining"}, "sector"),
        ({"employees": 1, "annual_sales_mxn": 0}, "sector"),
    ],
)
def test_company_size_bad_parameters_are_422_naming_the_field(api, params, field):
    response = api("company-size", **params)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert all(e["message"] for e in response.json()["errors"])


def test_sectors_without_a_query_lists_the_20_sectors(api):
    body = api("sectors").json()
    assert body["count"] == 20
    assert body["items"][0] == {
        "code": "11",
        "level": "sector",
        "title": body["items"][0]["title"],
        "parent": None,
    }
    assert "31-33" in [s["code"] for s in body["items"]]


def test_sectors_search_finds_plastics_injection_classes(api):
    items = api("sectors", q="inyeccion de plasticos", limit=12).json()["items"]
    assert {i["code"][:4] for i in items} == {"3261"}
    assert {i["level"] for i in items} == {"clase"}


def test_sectors_by_parent_and_level(api):
    subsectors = api("sectors", parent="31-33").json()["items"]
    assert len(subsectors) == 21 and {s["parent"] for s in subsectors} == {"31-33"}
    ramas = api("sectors", q="plástico", level="rama").json()["items"]
    assert ramas[0]["code"] == "3261"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "familia"}, "level"),
        ({"parent": "999"}, "parent"),
        ({"limit": 0}, "limit"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_sectors_bad_parameters_are_422(api, params, field):
    response = api("sectors", **params)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_municipalities_lists_the_18_with_centroids(api):
    body = api("municipalities").json()
    assert len(body) == 18
    assert [m["cve_mun"] for m in body] == [f"{n:03d}" for n in range(1, 19)]
    queretaro = next(m for m in body if m["cve_mun"] == "014")
    assert queretaro["name"] == "Querétaro"
    assert 20.0 < queretaro["latitude"] < 21.7 and -100.6 < queretaro["longitude"] < -99.0
