"""Every answer that depends on who is signed in says `Cache-Control: private, no-store` (issue 10,
finding 5): a test that walks every URL of the site as a signed-in person, and the API with a token."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from td2035.accounts.tokens import create_token
from td2035.directory.models import Network
from td2035.inquiries import services as inquiries
from td2035.inquiries.tests.helpers import Cast, cast
from td2035.tests.factories import NetworkFactory, add_member

pytestmark = pytest.mark.django_db


def _routes(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, dict[str, type]]]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith("admin/"):
                yield from _routes(entry, route)
        elif isinstance(entry, URLPattern) and "(?P" not in route and "^" not in route:
            yield route, getattr(entry.pattern, "converters", {})


def _path(route: str, values: dict[str, str]) -> str:
    path = "/" + route
    for name, value in values.items():
        for kind in ("slug", "int", "str", "path", ""):
            path = path.replace(f"<{kind}:{name}>" if kind else f"<{name}>", value)
    return path


def _values(c: Cast, network: Network, inquiry_id: int) -> dict[str, str]:
    return {
        "slug": c.plant.slug,
        "org_slug": c.plant.slug,
        "child_slug": network.slug,
        "pk": str(inquiry_id),
        "listing_id": str(c.need.pk),
        "user_id": str(c.buyer.pk),
        "version": "1",
        "instrument": "eu-dma-sme",
        "code": "336390",
        "token": "x" * 20,
        "name": "missing.png",
        "decision": "aprobar",
        "step": "1",
        "dimension": "1",
    }


def test_every_page_for_a_signed_in_person_is_private_and_never_stored(client: Client) -> None:
    c = cast()
    network = NetworkFactory.create()
    add_member(network, c.plant)
    inquiry = inquiries.start_inquiry(c.seller, c.need, c.supplier, "¿Entregan en dos lotes?")
    client.force_login(c.buyer)
    values = _values(c, network, inquiry.pk)
    walked = []
    for route, _converters in _routes(get_resolver()):
        path = _path(route, values)
        if "<" in path or "logout" in path:
            continue
        response = client.get(path)
        assert response.status_code < 500, path
        if path.startswith("/logos/") and response.status_code == 200:
            continue  # the same file for everyone, cached as immutable
        control = response.get("Cache-Control", "")
        assert "private" in control and "no-store" in control, (path, response.status_code, control)
        walked.append(path)
    named = {"/consultas/", f"/consultas/{inquiry.pk}/", "/cuenta/", "/cuenta/privacidad/", "/avisos/"}
    assert named <= set(walked) and len(walked) > 60


def test_anonymous_public_pages_stay_cacheable(client: Client) -> None:
    assert "no-store" not in client.get("/directorio/").get("Cache-Control", "")


def test_every_api_answer_to_a_token_is_private(client: Client) -> None:
    c = cast()
    inquiry = inquiries.start_inquiry(c.seller, c.need, c.supplier, "¿Entregan en dos lotes?")
    _token, secret = create_token(actor=c.seller, name="t", scope="read", days=30)
    headers = {"Authorization": f"Bearer {secret}"}
    for path in (
        f"/api/v1/inquiries/{inquiry.pk}",
        f"/api/v1/organizations/{c.supplier.slug}/people",
        "/api/v1/me/organizations",
        f"/api/v1/listings/{c.need.pk}",
        "/api/v1/networks",
    ):
        response = client.get(path, headers=headers)
        assert response.status_code < 500, path
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"], path
