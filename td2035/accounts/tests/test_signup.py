"""Sign-up with e-mail verification and privacy consent, through allauth's pages."""

import re

import pytest
from django.core import mail
from django.test import Client

from td2035.accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "  Lucía   Hernández ",
    "email": "Lucia@Tortilleria.example",
    "password1": "Masa-de-maiz-azul-77",
    "password2": "Masa-de-maiz-azul-77",
    "accept_privacy": "on",
}


def confirmation_link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/cuenta/confirm-email/[^\s]+/)", str(message.body))
    assert match, message.body
    return match.group(1)


def test_signup_sends_a_verification_email_and_confirming_signs_in(client: Client) -> None:
    response = client.post("/cuenta/signup/", SIGNUP, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302 and response["Location"] == "/cuenta/confirm-email/"
    assert client.get("/cuenta/").status_code == 302, "not signed in before confirming"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lucia@tortilleria.example"]
    assert message.subject.startswith("[TD2035] ") and "Confirma" in message.subject
    html = {m: c for c, m in message.alternatives}["text/html"]  # type: ignore[attr-defined]
    link = confirmation_link(message)
    assert link in html and 'name="viewport"' in html, "an HTML version with the same link, for phones"

    page = client.get(link)
    assert page.status_code == 200 and "lucia@tortilleria.example" in page.content.decode()
    response = client.post(link)
    assert response.status_code == 302
    home = client.get("/cuenta/")
    assert home.status_code == 200
    assert "lucia@tortilleria.example" in home.content.decode()

    user = User.objects.get(email="lucia@tortilleria.example")
    assert user.full_name == "Lucía Hernández"
    assert user.emailaddress_set.get().verified  # type: ignore[attr-defined]


def test_signup_page_links_the_privacy_notices_and_labels_every_field(client: Client) -> None:
    html = client.get("/cuenta/signup/").content.decode()
    assert 'href="/privacidad/"' in html and 'href="/privacidad/simplificado/"' in html
    for field in ("full_name", "email", "password1", "password2", "accept_privacy"):
        assert f'<label for="id_{field}">' in html, field


def test_signup_with_an_existing_email_reveals_nothing_and_mails_the_owner(client: Client) -> None:
    User.objects.create_user("lucia@tortilleria.example", "x")
    response = client.post("/cuenta/signup/", SIGNUP)
    assert response.status_code == 302 and response["Location"] == "/cuenta/confirm-email/"
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1 and "Ya tienes una cuenta" in mail.outbox[0].subject


def test_pages_are_in_english_too(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/cuenta/signup/").content.decode()
    assert "<h1>Create account</h1>" in html
    assert "I have read and accept the privacy notice." in html


def test_an_address_longer_than_its_column_is_refused_not_cut(client: Client) -> None:
    long_address = "ana@" + ("m" * 60 + ".") * 4 + "victim.example"  # 262 characters, each label valid
    response = client.post("/cuenta/signup/", SIGNUP | {"email": long_address}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200  # the form again, with the message
    assert "demasiado largo" in response.content.decode()
    assert not User.objects.exists()
