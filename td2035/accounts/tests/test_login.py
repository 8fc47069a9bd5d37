"""Signing in and out, failed-login rate limiting, password reset, two-step verification, sessions."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from allauth.usersessions.models import UserSession
from django.core import mail
from django.test import Client

from td2035.tests.people import PASSWORD, person, reauthenticate, signed_in

pytestmark = pytest.mark.django_db

TOO_MANY = "Demasiados intentos fallidos"


def login(client: Client, email: str, password: str, ip: str = "198.51.100.20") -> str:
    response = client.post("/cuenta/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)
    return response.content.decode() if response.status_code == 200 else f"redirect:{response['Location']}"


def test_sign_in_and_out() -> None:
    user = person()
    client = signed_in(user)
    page = client.get("/cuenta/").content.decode()
    assert "Mi cuenta" in page and 'id="logout-form"' in page
    assert "Salir" in page

    # The header's "Salir" is a POST form; a GET only asks for confirmation.
    assert client.get("/cuenta/logout/").status_code == 200
    assert client.get("/cuenta/").status_code == 200
    assert client.post("/cuenta/logout/").status_code == 302
    assert client.get("/cuenta/")["Location"].startswith("/cuenta/login/")


def test_anonymous_header_offers_entrar_and_crear_cuenta(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'href="/cuenta/login/">Entrar</a>' in html
    assert 'href="/cuenta/signup/">Crear cuenta</a>' in html


def test_wrong_password_is_refused_with_a_message() -> None:
    user = person()
    html = login(Client(), user.email, "not-my-password")
    assert "no son correctas" in html


def test_the_sixth_wrong_password_within_the_window_is_refused() -> None:
    user = person()
    client = Client()
    for _ in range(5):
        html = login(client, user.email, "not-my-password")
        assert "no son correctas" in html and TOO_MANY not in html
    html = login(client, user.email, "not-my-password")
    assert TOO_MANY in html
    # While the limit holds, not even the right password gets in from here.
    assert TOO_MANY in login(client, user.email, PASSWORD)


def test_the_limit_is_also_per_account_whatever_the_address() -> None:
    user = person()
    for i in range(5):
        login(Client(), user.email, "not-my-password", ip=f"198.51.100.{i + 1}")
    assert TOO_MANY in login(Client(), user.email, "not-my-password", ip="198.51.100.99")


def test_password_reset_by_email(client: Client) -> None:
    user = person()
    response = client.post("/cuenta/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "contraseña" in mail.outbox[0].subject
    link = re.search(r"https?://[^/\s]+(/cuenta/password/reset/key/\S+/)", str(mail.outbox[0].body))
    assert link
    form_url = client.get(link.group(1))["Location"]
    response = client.post(form_url, {"password1": "Chiles-en-nogada-99", "password2": "Chiles-en-nogada-99"})
    assert response.status_code == 302
    assert "redirect:" in login(Client(), user.email, "Chiles-en-nogada-99")
    assert "no son correctas" in login(Client(), user.email, PASSWORD)


def _totp_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return str(hotp_value(secret, counter)).zfill(6)


@pytest.mark.django_db(transaction=True)  # allauth mails the security notice on commit, inside the request
def test_activate_and_deactivate_two_step_verification() -> None:
    user = person()
    client = signed_in(user)
    assert client.get("/cuenta/2fa/totp/activate/")["Location"].startswith("/cuenta/reauthenticate/")
    reauthenticate(client)
    page = client.get("/cuenta/2fa/totp/activate/")
    assert page.status_code == 200
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', page.content.decode())
    assert secret
    response = client.post("/cuenta/2fa/totp/activate/", {"code": _totp_code(secret.group(1))})
    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    notice = next(m for m in mail.outbox if "Activaste la verificación en dos pasos" in m.subject)
    assert notice.to == [user.email] and "Dirección IP" in notice.body, "a security notice is mailed"
    assert "Activa" in client.get("/cuenta/2fa/").content.decode()

    # Signing in now asks for a code after the password.
    assert login(Client(), user.email, PASSWORD) == "redirect:/cuenta/2fa/authenticate/"

    response = client.post("/cuenta/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_sessions_list_and_log_out_everywhere() -> None:
    user = person()
    laptop, phone = signed_in(user), signed_in(user)
    assert UserSession.objects.filter(user=user).count() == 2
    page = laptop.get("/cuenta/sessions/").content.decode()
    assert "2 sesiones abiertas" in page and "Esta sesión" in page

    response = laptop.post("/cuenta/salir-de-todas-partes/")
    assert response.status_code == 302 and response["Location"] == "/cuenta/login/"
    assert UserSession.objects.filter(user=user).count() == 0
    for client in (laptop, phone):
        assert client.get("/cuenta/")["Location"].startswith("/cuenta/login/")


def test_end_the_other_sessions_only() -> None:
    user = person()
    laptop, phone = signed_in(user), signed_in(user)
    assert laptop.post("/cuenta/sessions/").status_code == 302
    assert laptop.get("/cuenta/").status_code == 200
    assert phone.get("/cuenta/").status_code == 302
