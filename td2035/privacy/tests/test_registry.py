"""The apps above privacy fill its registry of personal-data sections; privacy never imports them."""

from typing import Any

import grimp
import pytest
from django.core.exceptions import ImproperlyConfigured

from td2035.accounts.models import User
from td2035.privacy import personal_data, registry
from td2035.tests.people import person

# The download's top-level keys, in the order the document has always had them.
DOWNLOAD_KEYS = [
    "format",
    "generated_at",
    "user",
    "email_addresses",
    "organization_roles",
    "network_admin_roles",
    "privacy_consents",
    "sessions",
    "mfa",
    "arco_requests",
    "audit_entries",
    # Added after the first version; the apps' sections still follow notifications.
    "claims",
    "invitations",
    "network_join_requests",
    "network_invitations",
    "api_tokens",
    "notifications",
    "inquiry_messages",
]
ABOVE_PRIVACY = ("market", "inquiries", "matching", "maturity", "dashboard", "demo")


@pytest.mark.django_db
def test_inquiries_registers_its_section_and_the_download_collects_it_last() -> None:
    collect = registry.registered_sections()["inquiry_messages"]
    assert collect.__module__ == "td2035.inquiries.queries", "registered by inquiries, in its ready()"

    data = personal_data.personal_data(person())
    assert list(data) == DOWNLOAD_KEYS
    assert data["inquiry_messages"] == []


@pytest.mark.django_db
def test_registrations_erasers_are_registered_and_its_sections_are_privacys_own() -> None:
    assert list(registry.registered_sections()) == ["inquiry_messages"]
    assert {name: erase.__module__ for name, erase in registry._erasures.items()} == {
        "claims": "td2035.registration.claims",
        "invitations": "td2035.registration.invitations",
    }
    data = personal_data.personal_data(person())
    assert data["claims"] == [] and data["invitations"] == {"received": [], "sent": []}
    assert data["api_tokens"] == [] and data["network_join_requests"] == []


def test_privacy_imports_no_app_above_it() -> None:
    """Not even through another module: privacy's code (its tests aside) reaches none of these apps."""
    graph = grimp.build_graph("td2035", cache_dir=None)
    code = {"td2035.privacy"} | {
        m for m in graph.find_descendants("td2035.privacy") if not m.startswith("td2035.privacy.tests")
    }
    reached = set().union(*(graph.find_upstream_modules(module) for module in code))
    assert "td2035.notifications.queries" in reached, "the graph sees privacy's imports"
    assert not {m for m in reached if m.split(".")[1] in ABOVE_PRIVACY}


@pytest.mark.django_db
def test_sections_come_in_registration_order_and_a_taken_name_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(registry, "_sections", {})

    def listings(user: User) -> list[str]:
        return ["Tortillas de maíz azul"]

    def alerts(user: User) -> dict[str, Any]:
        return {"email": user.email}

    registry.register_personal_data("listings", listings)
    registry.register_personal_data("alerts", alerts)
    registry.register_personal_data("listings", listings)  # the same again: nothing changes
    with pytest.raises(ImproperlyConfigured):
        registry.register_personal_data("listings", alerts)

    user = person()
    collected = registry.collect_personal_data(user)
    assert list(collected) == ["listings", "alerts"]
    assert collected == {"listings": ["Tortillas de maíz azul"], "alerts": {"email": user.email}}
    assert list(personal_data.personal_data(user))[-3:] == ["notifications", "listings", "alerts"]


@pytest.mark.django_db
def test_a_section_named_like_one_of_privacys_own_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_sections", {"user": lambda user: "someone else's"})
    with pytest.raises(ImproperlyConfigured):
        personal_data.personal_data(person())
