"""Named people for the accounts tests, created as sign-up would leave them: a verified e-mail and the
current privacy notice accepted.

    owner = person("duena@tortilleria.example", full_name="Lucía Hernández")
    staff = person("coordinacion@td2035.example", is_platform_admin=True)
"""

from typing import Any

from allauth.account.models import EmailAddress
from django.test import Client

from td2035.accounts import privacy
from td2035.accounts.models import User

PASSWORD = "Nopal-con-queso-2035"


def person(email: str = "lucia@tortilleria.example", *, consent: bool = True, **fields: Any) -> User:
    fields.setdefault("full_name", "Lucía Hernández")
    user = User.objects.create_user(email, PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    notice = privacy.current_notice()
    if consent and notice is not None:
        privacy.record_consent(user=user, notice=notice)
    return user


def signed_in(user: User, client: Client | None = None) -> Client:
    """A client signed in through the login form (as a person would: allauth's hooks run)."""
    client = client or Client()
    response = client.post("/cuenta/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def reauthenticate(client: Client) -> None:
    """Confirm the password again, as sensitive pages (MFA, data download, deletion) ask."""
    response = client.post("/cuenta/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
