"""Accounts in the browser: sign up, confirm the e-mail read from the test outbox, download my data;
axe-core on the sign-up, login, account and privacy pages.

The people the journeys need are written by a module-scoped fixture, outside the tests' transactions, so
that the live server sees them on PostgreSQL too; it removes them, and whoever signed up, at the end.
"""

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import accessibility_check, visit
from td2035.accounts.models import AuditEntry, User
from td2035.privacy import arco
from td2035.privacy.models import ArcoRequest
from td2035.privacy.notices import ensure_privacy_notice
from td2035.tests.people import PASSWORD, person

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Gorditas-de-nata-2035"
STAFF_EMAIL, REQUESTER_EMAIL = "coordinacion-e2e@td2035.example", "solicitante-e2e@example.com"


@dataclass
class World:
    signup_email: str
    overdue_folio: str


@pytest.fixture(scope="module")
def world(server: LiveServer, django_db_blocker: Any) -> Iterator[World]:
    """A platform admin, an overdue ARCO request, and a fresh address to sign up with."""
    signup_email = f"lucia-{uuid.uuid4().hex[:8]}@tortilleria.example"
    with django_db_blocker.unblock():
        ensure_privacy_notice()
        cache.clear()  # sign-up and login rate limits count per address, and every journey is 127.0.0.1
        person(STAFF_EMAIL, is_platform_admin=True)
        item = arco.log_request(user=person(REQUESTER_EMAIL), kind="A", details="Copia de mis datos")
        ArcoRequest.objects.filter(pk=item.pk).update(due_date="2020-01-31")
        yield World(signup_email, item.folio)
        users = User.objects.filter(email__in=[signup_email, STAFF_EMAIL, REQUESTER_EMAIL])
        ArcoRequest.objects.filter(user__in=users).delete()
        AuditEntry.objects.filter(actor__in=users).delete()
        users.delete()


assert_accessible = accessibility_check("accounts")


def confirmation_path(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if email in m.to)
    match = re.search(r"https?://[^/\s]+(/cuenta/confirm-email/\S+/)", str(message.body))
    assert match, message.body
    return match.group(1)


def test_sign_up_confirm_and_download_my_data(page: Page, server: LiveServer, world: World) -> None:
    email = world.signup_email

    visit(page, server, "/")
    page.get_by_role("navigation", name="Tu cuenta").get_by_role("link", name="Crear cuenta").click()
    expect(page.locator("h1")).to_have_text("Crear cuenta")
    assert_accessible(page, "signup")

    page.get_by_role("button", name="Crear cuenta").click()  # nothing filled in: errors, summarised
    expect(page.locator("#error-summary")).to_contain_text("aviso de privacidad")

    page.get_by_label("Nombre completo").fill("Lucía Hernández")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Contraseña (otra vez)").fill(NEW_PASSWORD)
    page.get_by_label("He leído y acepto el aviso de privacidad.").check()
    page.get_by_role("main").get_by_role("button", name="Crear cuenta").click()
    expect(page.locator("h1")).to_have_text("Confirma tu correo")
    assert_accessible(page, "verification-sent")

    visit(page, server, confirmation_path(email))
    expect(page.locator("main")).to_contain_text(email)
    assert_accessible(page, "confirm-email")
    page.get_by_role("button", name="Confirmar").click()

    account = page.get_by_role("navigation", name="Tu cuenta")
    expect(account.get_by_role("link", name="Mi cuenta")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Lucía Hernández")
    account.get_by_role("link", name="Mi cuenta").click()
    expect(page.locator("h1")).to_have_text("Mi cuenta")
    assert_accessible(page, "home")

    page.get_by_role("link", name="Privacidad y mis datos").first.click()
    expect(page.locator("h1")).to_have_text("Privacidad y mis datos")
    assert_accessible(page, "privacy")
    page.locator("#acceso").get_by_role("button", name="Descargar mis datos").click()

    # Sensitive: the password is asked again; then the interrupted download goes on.
    expect(page.locator("h1")).to_have_text("Confirma que eres tú")
    assert_accessible(page, "reauthenticate")
    page.get_by_label("Contraseña").fill(NEW_PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Confirmar").click()
    assert download.value.suggested_filename.startswith("td2035-mis-datos-")
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["user"]["email"] == email and data["user"]["full_name"] == "Lucía Hernández"
    assert data["email_addresses"] == [{"email": email, "verified": True, "primary": True}]
    assert [c["version"] for c in data["privacy_consents"]] == [1]
    assert data["sessions"] and "privacy.export" in [e["action"] for e in data["audit_entries"]]
    user_columns = {f.attname for f in User._meta.concrete_fields} - {"password"}
    assert user_columns <= set(data["user"])

    # The other account pages, while the password confirmation is fresh.
    for name, path in [
        ("download", "/cuenta/privacidad/descargar/"),
        ("email", "/cuenta/email/"),
        ("password", "/cuenta/password/change/"),
        ("mfa", "/cuenta/2fa/"),
        ("mfa-activate", "/cuenta/2fa/totp/activate/"),
        ("sessions", "/cuenta/sessions/"),
        ("arco-request", "/cuenta/privacidad/solicitud/"),
        ("delete", "/cuenta/privacidad/eliminar/"),
        ("notice", "/privacidad/"),
        ("notice-short", "/privacidad/simplificado/"),
    ]:
        visit(page, server, path)
        assert_accessible(page, name)

    # "Salir" in the header is a form: it signs out at once.
    page.get_by_role("navigation", name="Tu cuenta").get_by_role("button", name="Salir").click()
    expect(
        page.get_by_role("navigation", name="Tu cuenta").get_by_role("link", name="Entrar")
    ).to_be_visible()


def test_login_page_and_wrong_password(page: Page, server: LiveServer, world: World) -> None:
    visit(page, server, "/cuenta/login/")
    assert_accessible(page, "login")
    page.get_by_label("Correo electrónico").fill("nadie@example.com")
    page.get_by_label("Contraseña").fill("no-es-esta")
    page.get_by_role("main").get_by_role("button", name="Entrar").click()
    expect(page.locator("#error-summary")).to_contain_text("no son correctas")
    assert_accessible(page, "login-error")
    visit(page, server, "/cuenta/password/reset/")
    assert_accessible(page, "password-reset")


def test_staff_queue_shows_overdue_requests(page: Page, server: LiveServer, world: World) -> None:
    visit(page, server, "/cuenta/login/")
    page.get_by_label("Correo electrónico").fill(STAFF_EMAIL)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Entrar").click()
    visit(page, server, "/cuenta/arco/")
    row = page.locator("#arco-queue tr", has_text=world.overdue_folio)
    expect(row).to_have_class("row-overdue")
    expect(row).to_contain_text("Vencida")
    assert_accessible(page, "arco-queue")
