"""Every account and privacy form refuses a POST without the CSRF token (403), and nothing changes."""

import pytest
from django.test import Client

from td2035.accounts.models import User
from td2035.privacy.models import ArcoRequest, PrivacyConsent
from td2035.tests.people import PASSWORD, person

pytestmark = pytest.mark.django_db


def strict_client(user: User | None = None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/cuenta/login/", {"login": "lucia@tortilleria.example", "password": PASSWORD}),
        ("/cuenta/signup/", {"email": "nueva@example.com", "password1": "x", "password2": "x"}),
        ("/cuenta/password/reset/", {"email": "lucia@tortilleria.example"}),
    ],
)
def test_anonymous_forms_need_the_token(path: str, data: dict[str, str]) -> None:
    person()
    response = strict_client().post(path, data)
    assert response.status_code == 403
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/cuenta/", {"full_name": "Otro Nombre"}),
        ("/cuenta/privacidad/oposicion/", {"email_opt_out": "on"}),
        ("/cuenta/privacidad/solicitud/", {"kind": "A", "details": "todo"}),
        ("/cuenta/privacidad/descargar/", {}),
        ("/cuenta/privacidad/eliminar/", {"confirm": "on"}),
        ("/privacidad/consentimiento/", {"accept_privacy": "on"}),
        ("/cuenta/salir-de-todas-partes/", {}),
        ("/cuenta/logout/", {}),
        ("/cuenta/email/", {"email": "otra@example.com", "action_add": ""}),
        (
            "/cuenta/password/change/",
            {"oldpassword": PASSWORD, "password1": "Nuevo-Secreto-77", "password2": "Nuevo-Secreto-77"},
        ),
    ],
)
def test_signed_in_forms_need_the_token(path: str, data: dict[str, str]) -> None:
    user = person()
    client = strict_client(user)
    response = client.post(path, data)
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.full_name == "Lucía Hernández" and user.is_active and not user.email_opt_out
    assert user.check_password(PASSWORD)
    assert not ArcoRequest.objects.exists() and PrivacyConsent.objects.count() == 1
    assert client.get("/cuenta/").status_code == 200, "still signed in"


def test_staff_resolution_needs_the_token() -> None:
    staff = person("coordinacion@td2035.example", is_platform_admin=True)
    item = ArcoRequest.objects.create(user=staff, reference="TD-1", kind="A", due_date="2026-01-30")
    response = strict_client(staff).post(
        f"/cuenta/arco/{item.pk}/", {"status": "resolved", "resolution": "x"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "open"
