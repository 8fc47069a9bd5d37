"""Who may do what to an organisation: every role × every action, through the services and through the
pages. A refused action changes nothing and writes no audit entry. Runs on SQLite and PostgreSQL."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client

from td2035.accounts.models import AuditEntry, User
from td2035.directory.models import Organization
from td2035.registration import claims, invitations, organizations
from td2035.registration.models import Claim, Invitation
from td2035.roles.models import OrganizationRole
from td2035.tests.factories import NetworkFactory, OrganizationFactory
from td2035.tests.people import (
    PASSWORD,
    admin_of,
    make_user,
    member_of,
    network_admin,
    platform_admin,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "org_admin", "other_org_admin", "network_admin", "platform_admin"]
ACTIONS = ["edit_profile", "invite", "remove_member", "verify", "approve_claim"]
ALLOWED = {
    "edit_profile": {"org_admin", "platform_admin"},
    "invite": {"org_admin", "platform_admin"},
    "remove_member": {"org_admin", "platform_admin"},
    "verify": {"network_admin", "platform_admin"},
    "approve_claim": {"org_admin", "platform_admin"},  # the org has an admin: they decide (or an override)
}


@dataclass
class World:
    org: Organization
    colleague: User  # a member whom "remove_member" targets
    claim: Claim
    people: dict[str, User | AnonymousUser]


@pytest.fixture
def world() -> World:
    org = OrganizationFactory.create(name="Aceros Querétaro")
    cluster = NetworkFactory.create(name="Clúster Metalmecánico", members=[org])
    other = OrganizationFactory.create(name="Competidor")
    people: dict[str, User | AnonymousUser] = {
        "anonymous": AnonymousUser(),
        "member": member_of(org, email="empleado@aceros.example"),
        "org_admin": admin_of(org, email="admin@aceros.example"),
        "other_org_admin": admin_of(other, email="admin@competidor.example"),
        "network_admin": network_admin(cluster, "admin@cluster.example"),
        "platform_admin": platform_admin(),
    }
    colleague = member_of(org, email="colega@aceros.example")
    claim = Claim.objects.create(organization=org, user=make_user("claimant@example.com"))
    return World(org, colleague, claim, people)


def done(world: World, action: str) -> bool:
    """Whether `action` took effect."""
    world.org.refresh_from_db()
    world.claim.refresh_from_db()
    return {
        "edit_profile": world.org.name == "Aceros Renombrada",
        "invite": Invitation.objects.filter(email="nueva@example.com").exists(),
        "remove_member": not OrganizationRole.objects.filter(user=world.colleague).exists(),
        "verify": world.org.is_verified,
        "approve_claim": world.claim.status == Claim.Status.APPROVED,
    }[action]


def by_service(world: World, actor: User | AnonymousUser, action: str) -> None:
    calls: dict[str, Callable[[], object]] = {
        "edit_profile": lambda: organizations.update_profile(actor, world.org, name="Aceros Renombrada"),
        "invite": lambda: invitations.invite_colleague(actor, world.org, "nueva@example.com"),
        "remove_member": lambda: invitations.remove_person(actor, world.org, world.colleague),
        "verify": lambda: claims.verify_organization(actor, world.org),
        "approve_claim": lambda: claims.approve_claim(actor, world.claim.pk),
    }
    calls[action]()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_services(world: World, role: str, action: str) -> None:
    actor = world.people[role]
    if role in ALLOWED[action]:
        by_service(world, actor, action)
        assert done(world, action)
        assert AuditEntry.objects.exists()
    else:
        with pytest.raises(PermissionDenied):
            by_service(world, actor, action)
        assert not done(world, action)
        assert not AuditEntry.objects.exists()


def by_page(world: World, client: Client, action: str) -> int:
    slug = world.org.slug
    requests = {
        "edit_profile": (
            f"/organizaciones/{slug}/editar/",
            {"name": "Aceros Renombrada", "kind": "company", "scian": "332710", "municipality": "014"},
        ),
        "invite": (
            f"/organizaciones/{slug}/personas/invitar/",
            {"email": "nueva@example.com", "role": "member"},
        ),
        "remove_member": (f"/organizaciones/{slug}/personas/{world.colleague.pk}/quitar/", {}),
        "verify": (f"/organizaciones/{slug}/verificar/", {}),
        "approve_claim": (f"/organizaciones/verificacion/{world.claim.pk}/aprobar/", {}),
    }
    url, data = requests[action]
    response = client.post(url, data)
    if response.status_code == 302 and response["Location"].startswith("/cuenta/login/"):
        return 401
    return response.status_code


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_pages(world: World, role: str, action: str) -> None:
    client = Client()
    actor = world.people[role]
    if isinstance(actor, User):
        assert client.login(email=actor.email, password=PASSWORD)
    status = by_page(world, client, action)
    if role in ALLOWED[action]:
        assert status == 302 and done(world, action)
    else:
        assert status == (401 if role == "anonymous" else 403)
        assert not done(world, action) and not AuditEntry.objects.exists()
