"""Named people and images for the tests of registration, claims, verification and invitations.

owner = make_user("duena@tortilleria.example")          # a micro-business owner
admin_of(org, owner)                                     # speaks for the organisation
cluster_admin = network_admin(cluster)                    # runs a network (and its sub-networks)
"""

from io import BytesIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from td2035.accounts.models import NetworkAdmin, OrganizationRole, User
from td2035.directory.models import Network, Organization

PASSWORD = "Tortillas-de-maiz-42"


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """A real password hash costs ~0.5 s by design; these tests are about roles, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(email: str, *, verified: bool = True, **fields: object) -> User:
    user = User.objects.create_user(email, PASSWORD, **fields)
    if verified:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


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
