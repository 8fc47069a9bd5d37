"""Inputs that used to reach a service and end in a 500 are refused at the API's boundary (422 naming
the field, with a "Español. / English." message); strict types; the inquiry 429 says when to retry."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from td2035.accounts import tokens
from td2035.accounts.models import User
from td2035.directory.models import Organization
from td2035.inquiries import services as inquiry_services
from td2035.inquiries.models import Inquiry, InquiryMessage
from td2035.inquiries.tests.helpers import make_listing
from td2035.market.models import Listing
from td2035.tests.factories import CertificationFactory, CompanyFactory
from td2035.tests.people import admin_of, member_of

pytestmark = pytest.mark.django_db

SURROGATE = "\ud800"  # json.dumps writes it as the escape "\ud800", as a client would send it


class Api:
    def __init__(self, user: User) -> None:
        self.client = Client()
        _token, secret = tokens.create_token(actor=user, name="test", scope="write")
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def send(self, method: str, path: str, body: Any) -> Any:
        data = body if isinstance(body, str) else json.dumps(body)
        call = getattr(self.client, method)
        return call(f"/api/v1{path}", data, content_type="application/json", **self.headers)


@pytest.fixture
def org() -> Organization:
    CertificationFactory.create(name="IATF 16949")
    return CompanyFactory.create(name="Fronteras Maquinados", scian_id="332710")


@pytest.fixture
def owner(org: Organization) -> User:
    return admin_of(org, email="ana@fronteras.example")


def refused(response: Any, field: str) -> None:
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert field in [e["field"] for e in errors], errors
    assert all(" / " in e["message"] for e in errors), errors  # "Español. / English."


def listing_body(org: Organization, **extra: Any) -> dict[str, Any]:
    return {
        "organization": org.slug,
        "kind": "need",
        "title": "Bridas de aluminio",
        "description": "6061-T6 según plano.",
        "quantity": 500,
        "unit": "piezas",
    } | extra


# --- Lone surrogates (PostgreSQL and SQLite cannot store them). -----------------------------------------


@pytest.mark.parametrize("field", ["products", "capabilities", "certifications"])
def test_lone_surrogates_in_profile_lists_are_422(org: Organization, owner: User, field: str) -> None:
    response = Api(owner).send("patch", f"/organizations/{org.slug}", {field: [f"a{SURROGATE}"]})
    refused(response, field)


@pytest.mark.parametrize(
    "field",
    [
        "name",
        "legal_name",
        "rfc",
        "address",
        "phone",
        "email",
        "website",
        "description",
        "description_es",
        "description_en",
    ],
)
def test_lone_surrogates_in_profile_text_are_422(org: Organization, owner: User, field: str) -> None:
    response = Api(owner).send("patch", f"/organizations/{org.slug}", {field: f"x{SURROGATE}"})
    refused(response, field)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", f"x{SURROGATE}"),
        ("description", f"x{SURROGATE}"),
        ("unit", f"x{SURROGATE}"),
        ("min_order", f"x{SURROGATE}"),
        ("partner_profile", f"x{SURROGATE}"),
        ("capabilities", [f"x{SURROGATE}"]),
        ("certifications", [f"x{SURROGATE}"]),
        ("networks", [f"x{SURROGATE}"]),
        ("organization", f"x{SURROGATE}"),
    ],
)
def test_lone_surrogates_in_listings_are_422(org: Organization, owner: User, field: str, value: Any) -> None:
    refused(Api(owner).send("post", "/listings", listing_body(org, **{field: value})), field)
    assert not Listing.objects.exists()


def test_lone_surrogates_in_messages_and_invitations_are_422(org: Organization, owner: User) -> None:
    """(A query string cannot carry one: Django decodes it as UTF-8, replacing what is not.)"""
    api = Api(owner)
    refused(
        api.send("post", f"/organizations/{org.slug}/invitations", {"email": f"a{SURROGATE}@x.mx"}), "email"
    )
    listing = make_listing(CompanyFactory.create(name="Planta Fronteras"))
    body = {"organization": org.slug, "body": f"hola{SURROGATE}"}
    refused(api.send("post", f"/listings/{listing.pk}/inquiries", body), "body")
    assert not Inquiry.objects.exists()


def test_nul_in_text_is_422_and_stores_nothing(org: Organization, owner: User) -> None:
    response = Api(owner).send("post", "/listings", listing_body(org, title="a\u0000b"))
    refused(response, "title")
    assert "NUL" in response.json()["errors"][0]["message"]


# --- Networks of a listing. ---------------------------------------------------------------------------


@pytest.mark.parametrize("network", ["²", "99999999999999999999999999", "٣"])
def test_odd_network_references_are_422(org: Organization, owner: User, network: str) -> None:
    body = listing_body(org, visibility="networks", networks=[network])
    refused(Api(owner).send("post", "/listings", body), "networks")
    assert not Listing.objects.exists()


# --- Amounts and dates beyond what the database and date arithmetic hold. ----------------------------


@pytest.mark.parametrize("field", ["budget_min", "budget_max", "quantity"])
@pytest.mark.parametrize("value", ["-1e30", "1e30", "-1", "1e-400"])
def test_amounts_out_of_range_are_422(org: Organization, owner: User, field: str, value: str) -> None:
    body = json.dumps(listing_body(org)).replace('"quantity": 500', f'"quantity": 500, "{field}": {value}')
    if field == "quantity":
        body = json.dumps(listing_body(org)).replace('"quantity": 500', f'"quantity": {value}')
    response = Api(owner).send("post", "/listings", body)
    if value == "1e-400":  # JSON's 0.0: a valid budget, an invalid quantity
        assert response.status_code == (422 if field == "quantity" else 201), response.content
        return
    refused(response, field)


@pytest.mark.parametrize("value", ["1e30", '"12"', "true"])
def test_sales_must_be_a_number_within_the_column(org: Organization, owner: User, value: str) -> None:
    response = Api(owner).send("patch", f"/organizations/{org.slug}", f'{{"annual_sales_mxn": {value}}}')
    refused(response, "annual_sales_mxn")


@pytest.mark.parametrize("field", ["closes_at", "deadline"])
@pytest.mark.parametrize("value", ["9999-12-31", "9999-12-31T23:59:59", "0001-01-01"])
def test_dates_far_away_are_422(org: Organization, owner: User, field: str, value: str) -> None:
    if field == "deadline" and "T" in value:
        value = value.split("T")[0]
    response = Api(owner).send("post", "/listings", listing_body(org, **{field: value}))
    refused(response, field)
    listing = make_listing(org)
    refused(Api(owner).send("patch", f"/listings/{listing.pk}", {field: value}), field)


# --- Strict types. --------------------------------------------------------------------------------


@pytest.fixture
def thread(org: Organization, owner: User) -> Inquiry:
    plant = CompanyFactory.create(name="Planta Estricta")
    member_of(plant, email="compras@estricta.example")
    return inquiry_services.start_inquiry(owner, make_listing(plant), org, "¿Plazo de entrega?")


@pytest.mark.parametrize("value", ["0", "1", '"true"', '"false"', "null"])
def test_share_email_must_be_a_boolean(org: Organization, owner: User, thread: Inquiry, value: str) -> None:
    api = Api(owner)
    body = f'{{"body": "Gracias", "share_email": {value}}}'
    refused(api.send("post", f"/inquiries/{thread.pk}/messages", body), "share_email")
    ask = f'{{"organization": "{org.slug}", "body": "Hola", "share_email": {value}}}'
    refused(api.send("post", f"/listings/{thread.listing_id}/inquiries", ask), "share_email")
    assert thread.messages.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("year_founded", '"2001"'), ("year_founded", "true"), ("employees", "12.5"), ("latitude", '"20.5"')],
)
def test_profile_numbers_must_be_json_numbers(org: Organization, owner: User, field: str, value: str) -> None:
    response = Api(owner).send("patch", f"/organizations/{org.slug}", f'{{"{field}": {value}}}')
    refused(response, field)


def test_publish_must_be_a_boolean(org: Organization, owner: User) -> None:
    listing = make_listing(org, status="draft", published_at=None)
    refused(Api(owner).send("patch", f"/listings/{listing.pk}", {"publish": 1}), "publish")


def test_whole_numbers_written_as_json_floats_are_accepted(org: Organization, owner: User) -> None:
    """100.0 is an integer for JSON Schema; 100.5 is not."""
    api = Api(owner)
    assert api.send("patch", f"/organizations/{org.slug}", {"employees": 30.0}).status_code == 200
    refused(api.send("patch", f"/organizations/{org.slug}", {"employees": 30.5}), "employees")


def test_empty_email_and_blank_message_are_422(org: Organization, owner: User, thread: Inquiry) -> None:
    api = Api(owner)
    refused(api.send("post", f"/organizations/{org.slug}/invitations", {"email": ""}), "email")
    refused(api.send("post", f"/inquiries/{thread.pk}/messages", {"body": "  \n "}), "body")


def test_unknown_municipality_and_scian_formats_are_422(org: Organization, owner: User) -> None:
    api = Api(owner)
    refused(api.send("patch", f"/organizations/{org.slug}", {"municipality": "019"}), "municipality")
    refused(api.send("patch", f"/organizations/{org.slug}", {"scian": "33271"}), "scian")
    refused(api.send("patch", f"/organizations/{org.slug}", {"kind": None}), "kind")


# --- The inquiry messages' rate limit. --------------------------------------------------------------


def test_too_many_messages_is_429_with_retry_after(org: Organization, owner: User, thread: Inquiry) -> None:
    now = timezone.now()
    InquiryMessage.objects.bulk_create(
        InquiryMessage(inquiry=thread, author=owner, author_organization=org, body="…")
        for _ in range(inquiry_services.MESSAGES_PER_HOUR)
    )
    oldest = now - timedelta(minutes=50)
    InquiryMessage.objects.filter(author=owner).update(created_at=oldest)
    response = Api(owner).send("post", f"/inquiries/{thread.pk}/messages", {"body": "Una más"})
    assert response.status_code == 429, response.content
    retry_after = int(response["Retry-After"])
    assert 9 * 60 <= retry_after <= 10 * 60 + 1  # the oldest of the last 30 leaves the hour in 10 min
    assert response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/organizations/a%00b",
        "/networks/a%00b",
        "/networks/a%00b/members",
        "/organizations/a%00b/people",
        "/organizations/a%00b/matches",
        "/organizations/a%00b/assessments",
        "/instruments/a%00b",
    ],
)
def test_nul_in_a_path_is_422(owner: User, path: str) -> None:
    """PostgreSQL refuses to compare text with NUL: this was a 500 there."""
    api = Api(owner)
    response = api.client.get(f"/api/v1{path}", HTTP_AUTHORIZATION=api.headers["HTTP_AUTHORIZATION"])
    assert response.status_code == 422, response.content
