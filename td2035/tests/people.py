"""The named people (and images) every test uses; they all sign in with PASSWORD.

owner = make_user("duena@tortilleria.example")          # a micro-business owner
admin_of(org, owner)                                     # speaks for the organisation
cluster_admin = network_admin(cluster)                    # runs a network (and its sub-networks)
lucia = person("lucia@tortilleria.example")               # as sign-up leaves her: privacy notice accepted
client = signed_in(lucia)                                 # through the login form (allauth's hooks run)

Password hashing is fast in every test: the root conftest.py puts the MD5 hasher first.
"""

from io import BytesIO
from typing import Any

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from td2035.accounts.models import User
from td2035.directory.models import Network, Organization
from td2035.privacy import notices
from td2035.roles.models import NetworkAdmin, OrganizationRole

PASSWORD = "Tortillas-de-maiz-42"


def make_user(email: str, *, verified: bool = True, **fields: object) -> User:
    user = User.objects.create_user(email, PASSWORD, **fields)
    if verified:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def person(email: str = "lucia@tortilleria.example", *, consent: bool = True, **fields: Any) -> User:
    """A verified person as sign-up leaves them: named, and the current privacy notice accepted."""
    fields.setdefault("full_name", "Lucía Hernández")
    user = make_user(email, **fields)
    notice = notices.current_notice()
    if consent and notice is not None:
        notices.record_consent(user=user, notice=notice)
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


def platform_admin(email: str = "coordinacion@td2035.example") -> User:
    return make_user(email, is_platform_admin=True)


def admin_of(org: Organization, user: User | None = None, *, email: str = "") -> User:
    user = user or make_user(email or f"admin-{org.slug}@example.com")
    OrganizationRole.objects.update_or_create(
        user=user, organization=org, defaults={"role": OrganizationRole.Role.ADMIN}
    )
    return user


def member_of(org: Organization, user: User | None = None, *, email: str = "") -> User:
    user = user or make_user(email or f"member-{org.slug}@example.com")
    OrganizationRole.objects.update_or_create(
        user=user, organization=org, defaults={"role": OrganizationRole.Role.MEMBER}
    )
    return user


def network_admin(network: Network, email: str = "") -> User:
    user = make_user(email or f"admin-{network.slug}@example.com")
    NetworkAdmin.objects.create(user=user, network=network)
    return user


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (40, 30), mode: str = "RGB", **save: object
) -> bytes:
    out = BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else None).save(out, format=fmt, **save)
    return out.getvalue()


def upload(content: bytes, name: str = "logo.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
