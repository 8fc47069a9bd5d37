"""Inquiries API: Bearer tokens, participants only (404 for anyone else), bad input 4xx with nothing stored."""

import json
from typing import Any

import pytest
from django.test import Client

from td2035.accounts import tokens
from td2035.accounts.models import User
from td2035.inquiries import services
from td2035.inquiries.models import Inquiry, InquiryMessage
from td2035.inquiries.tests.helpers import Cast, cast
from td2035.notifications.models import Notification

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: User | None, scope: str = "write") -> None:
        self.client = Client()
        self.headers: dict[str, Any] = {}
        if user is not None:
            _token, secret = tokens.create_token(actor=user, name="test", scope=scope)
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1{path}", **self.headers)

    def post(self, path: str, body: Any) -> Any:
        data = body if isinstance(body, str) else json.dumps(body)
        return self.client.post(f"/api/v1{path}", data, content_type="application/json", **self.headers)


@pytest.fixture
def c() -> Cast:
    return cast()


def test_ask_answer_and_read_a_thread(c: Cast) -> None:
    seller, buyer = Api(c.seller), Api(c.buyer)
    created = seller.post(
        f"/listings/{c.need.pk}/inquiries", {"organization": c.supplier.slug, "body": "¿Tolerancias?"}
    )
    assert created.status_code == 201, created.content
    thread = created.json()
    assert thread["status"] == "open" and thread["publisher_organization"]["slug"] == c.plant.slug
    assert created["Location"].endswith(f"/api/v1/inquiries/{thread['id']}")
    answer = buyer.post(f"/inquiries/{thread['id']}/messages", {"body": "±0.05 mm", "share_email": True})
    assert answer.status_code == 201
    assert answer.json()["author_email"] == c.buyer.email
    detail = seller.get(f"/inquiries/{thread['id']}").json()
    assert detail["status"] == "answered"
    assert [m["body"] for m in detail["messages"]] == ["¿Tolerancias?", "±0.05 mm"]
    assert detail["messages"][0]["author_email"] is None  # the seller did not share theirs
    listed = seller.get("/inquiries?status=answered").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == thread["id"]
    assert seller.get("/inquiries?status=closed").json()["count"] == 0
    closed = buyer.post(f"/inquiries/{thread['id']}/close", {})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    late = seller.post(f"/inquiries/{thread['id']}/messages", {"body": "¿Sigue?"})
    assert late.status_code == 409


def test_other_people_get_404(c: Cast) -> None:
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Pregunta")
    stranger = Api(c.stranger)
    assert stranger.get(f"/inquiries/{inquiry.pk}").status_code == 404
    assert stranger.post(f"/inquiries/{inquiry.pk}/messages", {"body": "Hola"}).status_code == 404
    assert stranger.post(f"/inquiries/{inquiry.pk}/close", {}).status_code == 404
    assert stranger.get("/inquiries").json() == {"count": 0, "items": []}
    assert InquiryMessage.objects.count() == 1


def test_asking_for_an_organisation_i_do_not_belong_to_is_404(c: Cast) -> None:
    response = Api(c.stranger).post(
        f"/listings/{c.need.pk}/inquiries", {"organization": c.supplier.slug, "body": "Hola"}
    )
    assert response.status_code == 404
    assert not Inquiry.objects.exists()


def test_asking_my_own_organisation_is_422(c: Cast) -> None:
    response = Api(c.buyer).post(
        f"/listings/{c.need.pk}/inquiries", {"organization": c.plant.slug, "body": "Hola"}
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "organization"


@pytest.mark.parametrize(
    "body",
    [
        {"organization": "x", "body": ""},
        {"organization": "x", "body": "   "},
        {"organization": "x", "body": "a" * 5001},
        {"organization": "x", "body": "\u0000"},
        {"organization": "x"},
        {"organization": "x", "body": "hola", "extra": 1},
        "{not json",
    ],
)
def test_bad_input_is_4xx_and_stores_nothing(c: Cast, body: Any) -> None:
    if isinstance(body, dict) and body.get("organization") == "x":
        body["organization"] = c.supplier.slug
    response = Api(c.seller).post(f"/listings/{c.need.pk}/inquiries", body)
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()
    assert not Inquiry.objects.exists() and not Notification.objects.exists()


def test_writes_need_a_write_token(c: Cast) -> None:
    path = f"/listings/{c.need.pk}/inquiries"
    assert Api(None).post(path, {"organization": c.supplier.slug, "body": "Hola"}).status_code == 401
    assert (
        Api(c.seller, scope="read").post(path, {"organization": c.supplier.slug, "body": "Hola"}).status_code
        == 403
    )
    assert Api(None).get("/inquiries").status_code == 401
    assert not Inquiry.objects.exists()


def test_unknown_listing_is_404(c: Cast) -> None:
    response = Api(c.seller).post(
        "/listings/999999/inquiries", {"organization": c.supplier.slug, "body": "Hola"}
    )
    assert response.status_code == 404


def test_writing_too_fast_is_429(c: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MESSAGES_PER_HOUR", 1)
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Pregunta")
    response = Api(c.seller).post(f"/inquiries/{inquiry.pk}/messages", {"body": "Otra"})
    assert response.status_code == 429
    assert InquiryMessage.objects.count() == 1
