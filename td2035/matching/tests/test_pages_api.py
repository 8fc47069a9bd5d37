"""Pages and API of matching: who may see what (401/403/404), content, bad input."""

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from td2035.accounts import tokens
from td2035.accounts.models import User
from td2035.matching.models import AlertPreference
from td2035.matching.tests.helpers import build_chain, need
from td2035.tests.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def api_get(user: User | None, path: str) -> Any:
    if user is None:
        return Client().get(f"/api/v1{path}")
    _token, secret = tokens.create_token(actor=user, name="t", scope="read")
    return Client().get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_listing_matches_page_for_the_publisher_only():
    chain = build_chain()
    listing = need(chain)
    url = reverse("matching:listing-matches", args=[listing.pk])
    page = signed_in(chain.buyer).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert chain.plastics.name in html and "misma clase SCIAN 326199" in html
    assert reverse("directory:organization", args=[chain.plastics.slug]) in html
    assert page["Cache-Control"] == "private, no-store"
    assert signed_in(chain.supplier_admin).get(url).status_code == 403  # sees the listing, not its matches
    assert Client().get(url).status_code == 302  # to sign in


def test_hidden_listing_matches_are_404_for_outsiders():
    chain = build_chain()
    listing = need(chain, visibility="networks", networks=[chain.network.pk])
    outsider = make_user("fuera@example.com")
    assert signed_in(outsider).get(reverse("matching:listing-matches", args=[listing.pk])).status_code == 404
    assert signed_in(outsider).get(reverse("matching:listing-matches", args=[999999])).status_code == 404


def test_organization_matches_page_for_its_members():
    chain = build_chain()
    listing = need(chain, title="Carcasas <script>alert(1)</script>")
    url = reverse("matching:organization-matches", args=[chain.plastics.slug])
    page = signed_in(chain.supplier_member).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("market:listing", args=[listing.pk]) in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert signed_in(chain.buyer).get(url).status_code == 403
    missing = reverse("matching:organization-matches", args=["no-existe"])
    assert signed_in(chain.buyer).get(missing).status_code == 404


def test_api_listing_matches():
    chain = build_chain()
    listing = need(chain)
    answer = api_get(chain.buyer, f"/listings/{listing.pk}/matches")
    assert answer.status_code == 200
    items = answer.json()["items"]
    assert items[0]["organization"]["slug"] == chain.plastics.slug
    assert items[0]["organization"]["name"] == chain.plastics.name
    assert 0 < items[0]["score"] <= 100 and "IATF 16949" in items[0]["explanation"]
    assert {"signal": "scian", "code": "same_class"}.items() <= items[0]["reasons"][0].items()
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    assert api_get(chain.supplier_admin, f"/listings/{listing.pk}/matches").status_code == 403
    assert api_get(None, f"/listings/{listing.pk}/matches").status_code == 401
    assert api_get(chain.buyer, "/listings/999999/matches").status_code == 404
    assert api_get(chain.buyer, "/listings/abc/matches").status_code in (404, 422)


def test_api_organization_matches():
    chain = build_chain()
    listing = need(chain)
    answer = api_get(chain.supplier_member, f"/organizations/{chain.plastics.slug}/matches")
    assert answer.status_code == 200
    item = answer.json()["items"][0]
    assert item["listing"]["id"] == listing.pk and item["listing"]["title"] == listing.title
    assert item["organization"]["slug"] == chain.plant.slug and item["explanation"]
    assert api_get(chain.buyer, f"/organizations/{chain.plastics.slug}/matches").status_code == 403
    assert api_get(chain.buyer, "/organizations/no-existe/matches").status_code == 404
    body = json.loads(api_get(None, f"/organizations/{chain.plastics.slug}/matches").content)
    assert body["detail"]


def test_alert_settings_page_saves_and_refuses_bad_input():
    chain = build_chain()
    client = signed_in(chain.supplier_member)
    url = reverse("matching:alerts")
    page = client.get(url)
    assert page.status_code == 200 and chain.plastics.name in page.content.decode()
    ok = client.post(url, {"organization": chain.plastics.pk, "frequency": "daily", "threshold": 40})
    assert ok.status_code == 302
    pref = AlertPreference.objects.get(user=chain.supplier_member, organization=chain.plastics)
    assert (pref.frequency, pref.threshold) == ("daily", 40)
    bad = client.post(url, {"organization": chain.plastics.pk, "frequency": "hourly", "threshold": 400})
    assert bad.status_code == 400
    not_mine = client.post(url, {"organization": chain.plant.pk, "frequency": "instant", "threshold": 10})
    assert not_mine.status_code == 302
    assert not AlertPreference.objects.filter(organization=chain.plant).exists()
    junk = client.post(url, {"organization": "1\x00; drop", "frequency": "daily", "threshold": 1})
    assert junk.status_code == 302
    pref.refresh_from_db()
    assert (pref.frequency, pref.threshold) == ("daily", 40)


def test_explanations_in_english_and_spanish():
    from django.utils import translation

    from td2035.matching.engine import Reason
    from td2035.matching.explain import explanation

    reasons = [
        Reason("scian", "same_rama", "3261"),
        Reason("certifications", "all_held", "IATF 16949"),
        Reason("distance", "km", "12"),
        Reason("size", "micro", "micro"),
    ]
    with translation.override("es-mx"):
        assert (
            explanation(reasons) == "misma rama SCIAN 3261; certificación IATF 16949; a 12 km; microempresa"
        )
    with translation.override("en"):
        assert (
            explanation(reasons)
            == "same SCIAN industry group 3261; certified IATF 16949; 12 km away; micro-business"
        )
