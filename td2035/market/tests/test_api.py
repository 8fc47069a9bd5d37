"""/api/v1/listings: list with the page's filters, detail, create (201 with id), edit, close. Write
tokens; another organisation's listing is 403/404 with nothing changed; every bad value is 422 naming it."""

import json
from typing import Any

import pytest
from django.test import Client

from td2035.accounts import tokens
from td2035.accounts.models import User
from td2035.market.models import Listing, ListingStatus
from td2035.market.tests.helpers import future, plant, publish_need, supplier
from td2035.tests.people import member_of

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: User | None, scope: str = "write") -> None:
        self.client = Client()
        self.headers: dict[str, Any] = {}
        if user is not None:
            _token, secret = tokens.create_token(actor=user, name="test", scope=scope)
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def send(self, method: str, path: str, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {}
        args: list[Any] = []
        if body is not None:
            args, kwargs = [json.dumps(body)], {"content_type": "application/json"}
        return getattr(self.client, method)(f"/api/v1{path}", *args, **kwargs, **self.headers)


def fields_of(response: Any) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


@pytest.fixture
def org() -> Any:
    return plant()


@pytest.fixture
def api(org: Any) -> Api:
    return Api(member_of(org))


def rfq(org: Any, **extra: Any) -> dict[str, Any]:
    body = {
        "organization": org.slug,
        "kind": "need",
        "title": "Clips de nylon para arnés",
        "description": "Nylon 6/6, Cpk 1.33.",
        "scian": "326199",
        "municipality": "014",
        "certifications": ["IATF 16949"],
        "quantity": 100000,
        "unit": "piezas",
        "deadline": future(40).isoformat(),
    }
    body.update(extra)
    return body


def test_create_answers_201_with_the_id_and_it_is_listed(api: Api, org: Any) -> None:
    response = api.send("post", "/listings", rfq(org))
    assert response.status_code == 201, response.content
    listing = Listing.objects.get(pk=response.json()["id"])
    assert listing.status == ListingStatus.PUBLISHED and listing.organization == org
    assert response.json()["certifications"] == ["IATF 16949"]
    assert response["Location"].endswith(f"/api/v1/listings/{listing.pk}")
    listed = Client().get("/api/v1/listings?kind=need&q=clips+nylon&facets=true").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == listing.pk
    assert listed["facets"]["kind"] == {"need": 1}
    assert Client().get(f"/api/v1/listings/{listing.pk}").json()["scian"] == "326199"


def test_a_draft_is_hidden_until_published(api: Api, org: Any) -> None:
    listing_id = api.send("post", "/listings", rfq(org, status="draft")).json()["id"]
    assert Client().get(f"/api/v1/listings/{listing_id}").status_code == 404
    assert api.send("get", f"/listings/{listing_id}").json()["status"] == "draft"
    assert api.send("patch", f"/listings/{listing_id}", {"publish": True}).json()["status"] == "published"
    assert Client().get(f"/api/v1/listings/{listing_id}").status_code == 200


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"scian": "32"}, "scian"),
        ({"municipality": "999"}, "municipality"),
        ({"certifications": ["ISO 0000"]}, "certifications"),
        ({"quantity": -3}, "quantity"),
        ({"quantity": 0}, "quantity"),
        ({"deadline": "2001-01-01"}, "deadline"),
        ({"deadline": "mañana"}, "deadline"),
        ({"budget_min": 5000, "budget_max": 100}, "budget_max"),
        ({"kind": "subasta"}, "kind"),
        ({"title": ""}, "title"),
        ({"title": "a\u0000b"}, "title"),
        ({"description": "x" * 6000}, "description"),
        ({"status": "closed"}, "status"),
        ({"visibility": "networks"}, "networks"),
        ({"colour": "red"}, "colour"),
        ({"organization": "no-existe"}, "organization"),
    ],
)
def test_every_bad_value_is_422_naming_the_field(api: Api, org: Any, extra: dict, field: str) -> None:
    response = api.send("post", "/listings", rfq(org, **extra))
    assert response.status_code == 422, response.content
    assert field in fields_of(response)
    assert Listing.objects.count() == 0


def test_missing_required_fields_are_named(api: Api) -> None:
    response = api.send("post", "/listings", {"kind": "offer"})
    assert response.status_code == 422
    assert {"organization", "title", "description"} <= fields_of(response)


def test_tokens_are_needed_and_must_write(org: Any) -> None:
    assert Api(None).send("post", "/listings", rfq(org)).status_code == 401
    assert (
        Api(member_of(org, email="lectora@example.com"), scope="read")
        .send("post", "/listings", rfq(org))
        .status_code
        == 403
    )
    assert Listing.objects.count() == 0


def test_publishing_for_another_organisation_is_403(org: Any) -> None:
    outsider = Api(member_of(supplier(), email="ventas@supplier.example"))
    response = outsider.send("post", "/listings", rfq(org))
    assert response.status_code == 403
    assert Listing.objects.count() == 0


def test_another_organisations_listing_cannot_be_changed(org: Any) -> None:
    listing = publish_need(org)
    draft = Listing.objects.create(organization=org, kind="need", title="Borrador", description="d")
    outsider = Api(member_of(supplier(), email="ventas@supplier.example"))
    assert outsider.send("patch", f"/listings/{listing.pk}", {"title": "Mía"}).status_code == 403
    assert outsider.send("post", f"/listings/{listing.pk}/close", {}).status_code == 403
    assert outsider.send("patch", f"/listings/{draft.pk}", {"title": "Mía"}).status_code == 404
    assert outsider.send("patch", "/listings/999999", {"title": "Mía"}).status_code == 404
    listing.refresh_from_db()
    draft.refresh_from_db()
    assert listing.title != "Mía" and listing.status == "published" and draft.title == "Borrador"


def test_patch_and_close_with_an_awarded_supplier(api: Api, org: Any) -> None:
    seller = supplier()
    listing_id = api.send("post", "/listings", rfq(org)).json()["id"]
    patched = api.send("patch", f"/listings/{listing_id}", {"quantity": 150000, "unit": "piezas"})
    assert patched.status_code == 200 and patched.json()["quantity"] in ("150000.00", 150000)
    bad = api.send("patch", f"/listings/{listing_id}", {"quantity": -1})
    assert bad.status_code == 422 and fields_of(bad) == {"quantity"}
    unknown = api.send("post", f"/listings/{listing_id}/close", {"awarded_to": "nadie"})
    assert unknown.status_code == 422 and fields_of(unknown) == {"awarded_to"}
    closed = api.send("post", f"/listings/{listing_id}/close", {"awarded_to": seller.slug})
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed" and closed.json()["awarded_to"] == seller.slug
    again = api.send("post", f"/listings/{listing_id}/close", {})
    assert again.status_code == 422 and fields_of(again) == {"status"}


def test_listing_filters_match_the_page(org: Any) -> None:
    user = member_of(org)
    publish_need(org, user, title="Maquinado de bridas", scian="332710", municipality="006")
    publish_need(org, user, title="Inyección de clips", scian="326199", municipality="014")
    client = Client()
    assert client.get("/api/v1/listings?municipality=006").json()["count"] == 1
    assert client.get("/api/v1/listings?q=bridas").json()["items"][0]["title"] == "Maquinado de bridas"
    assert client.get("/api/v1/listings?kind=offer").json()["count"] == 0
    assert client.get("/api/v1/listings?page_size=1").json()["count"] == 2
    assert len(client.get("/api/v1/listings?page_size=1").json()["items"]) == 1
