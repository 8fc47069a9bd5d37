"""Sign-up asks for consent to the current privacy notice and records it (privacy.forms.SignupForm)."""

import pytest
from django.core import mail
from django.test import Client

from td2035.accounts.models import User
from td2035.privacy import notices
from td2035.privacy.models import PrivacyConsent

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "  Lucía   Hernández ",
    "email": "Lucia@Tortilleria.example",
    "password1": "Masa-de-maiz-azul-77",
    "password2": "Masa-de-maiz-azul-77",
    "accept_privacy": "on",
}


def test_signup_records_consent_with_the_notice_version_and_ip(client: Client) -> None:
    client.post("/cuenta/signup/", SIGNUP, REMOTE_ADDR="203.0.113.7")
    consent = PrivacyConsent.objects.get(user__email="lucia@tortilleria.example")
    assert consent.version == notices.current_notice_version() == 1
    assert consent.ip_address == "203.0.113.7"


def test_signup_without_accepting_the_notice_is_refused(client: Client) -> None:
    data = {k: v for k, v in SIGNUP.items() if k != "accept_privacy"}
    response = client.post("/cuenta/signup/", data)
    assert response.status_code == 200
    assert "Para crear una cuenta necesitas aceptar el aviso de privacidad." in response.content.decode()
    assert not User.objects.exists() and not mail.outbox


@pytest.mark.parametrize("value", ["0", "false", "off", "no", "False", "", "2", "yes"])
def test_only_a_ticked_box_is_consent(client: Client, value: str) -> None:
    response = client.post("/cuenta/signup/", SIGNUP | {"accept_privacy": value})
    assert response.status_code == 200
    assert "Para crear una cuenta necesitas aceptar el aviso de privacidad." in response.content.decode()
    assert not User.objects.exists() and not PrivacyConsent.objects.exists()
