"""A person creates an API token in account settings, sees it once, uses it to register an organisation
through the API, and revokes it; a platform admin finds both actions in the audit log. Axe on each page."""

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import axe_violations, screenshot
from td2035.accounts.models import ApiToken, User
from td2035.directory.models import Organization
from td2035.privacy import notices
from td2035.search import services as search
from td2035.tests.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db

EMAIL, STAFF_EMAIL = "ana.tokens@tornillos.example", "auditoria@td2035.example"


@pytest.fixture(scope="module")
def people(server: LiveServer, django_db_blocker: Any) -> Iterator[tuple[User, User]]:
    """Committed before the test's own transaction begins, so that the live server sees them."""
    with django_db_blocker.unblock():
        notices.ensure_privacy_notice()
        notice = notices.current_notice()
        users = (make_user(EMAIL), make_user(STAFF_EMAIL, is_platform_admin=True))
        for user in users:
            if notice is not None:
                notices.record_consent(user=user, notice=notice)
        yield users
        org_ids = list(Organization.objects.filter(person_roles__user__in=users).values_list("pk", flat=True))
        Organization.objects.filter(pk__in=org_ids).delete()
        search.remove_organizations(org_ids)
        User.objects.filter(pk__in=[u.pk for u in users]).delete()


def sign_in(page: Page, server: LiveServer, email: str, next_path: str) -> None:
    page.goto(f"{server.url}/cuenta/login/?next={next_path}")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Entrar").click()


def api(server: LiveServer, method: str, path: str, token: str, body: dict[str, Any] | None = None) -> int:
    request = urllib.request.Request(  # noqa: S310 (the live test server)
        f"{server.url}/api/v1{path}",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_create_use_and_revoke_a_token_then_read_the_audit_log(
    page: Page, server: LiveServer, people: tuple[User, User], django_db_blocker: Any
) -> None:
    sign_in(page, server, EMAIL, "/cuenta/tokens/")
    # A sensitive page: the password is asked again before the form shows.
    page.wait_for_url("**/cuenta/reauthenticate/**")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Confirmar").click()
    page.wait_for_url("**/cuenta/tokens/")
    expect(page.locator("h1")).to_have_text("Tokens de API")
    assert axe_violations(page) == []

    page.get_by_label("Nombre").fill("Sincronización con el ERP")
    page.get_by_label("Alcance").select_option("write")
    page.get_by_role("button", name="Crear token").click()
    shown = page.locator("#new-token-value")
    expect(shown).to_be_visible()
    token = shown.input_value()
    assert len(token) == 43
    assert axe_violations(page) == []
    screenshot(page, "api-token-created")

    new_org = {"name": "Tornillos del Token", "kind": "company", "municipality": "014", "scian": "332710"}
    assert api(server, "POST", "/organizations", token, new_org) == 201
    with django_db_blocker.unblock():
        assert Organization.objects.get(name="Tornillos del Token").person_roles.get().user.email == EMAIL

    page.reload()  # shown once: not after reloading
    expect(page.locator("#new-token-value")).to_have_count(0)
    assert token not in page.content()
    row = page.locator("#token-table tbody tr", has_text="Sincronización con el ERP")
    expect(row).to_contain_text(token[:8])
    row.get_by_role("button", name="Revocar").click()
    expect(page.locator(".messages")).to_contain_text("Revocaste el token")
    expect(row).to_contain_text("Revocado")
    assert api(server, "PATCH", "/organizations/tornillos-del-token", token, {"description": "x"}) == 401
    with django_db_blocker.unblock():
        assert ApiToken.objects.get().revoked_at is not None

    page.context.clear_cookies()
    sign_in(page, server, STAFF_EMAIL, "/cuenta/auditoria/")
    page.wait_for_url("**/cuenta/auditoria/")
    table = page.locator("#audit-table")
    expect(table).to_contain_text("api_token.revoked")
    expect(table).to_contain_text("organization.registered")
    assert axe_violations(page) == []
    page.get_by_label("Acción").select_option("api_token.created")
    page.get_by_role("button", name="Filtrar").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text(EMAIL)
    screenshot(page, "audit-log")
