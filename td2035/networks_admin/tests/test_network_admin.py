"""Running a network: who may invite, approve, remove, verify and export (a permission matrix through the
pages), invitations answered by the invited side, join requests, sub-networks and cycles, the roster CSV
(content and formula escaping), e-mails, and the pages themselves."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from td2035.accounts.models import AuditEntry, User
from td2035.directory.models import Network, NetworkLink, NetworkMembership, Organization
from td2035.directory.services import DirectoryError, NetworkCycleError
from td2035.directory.tests.test_views import assert_csp_safe
from td2035.networks_admin import roster
from td2035.networks_admin import services as network_admin
from td2035.networks_admin.models import NetworkInvitation, NetworkJoinRequest
from td2035.registration.invitations import grant_role
from td2035.tests.factories import CompanyFactory, NetworkFactory, OrganizationFactory
from td2035.tests.people import (
    PASSWORD,
    admin_of,
    make_user,
    member_of,
    platform_admin,
)
from td2035.tests.people import (
    network_admin as make_network_admin,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Mails leave after commit; `with commit(execute=True):` runs what the block left for then."""
    return django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()  # network breakdowns are cached by a version that rolled-back tests can repeat


@dataclass
class World:
    coordination: Network  # contains the cluster
    cluster: Network  # the network being run
    section: Network  # a sub-network of the cluster
    other: Network  # an unrelated network
    member: Organization  # a direct member of the cluster
    nested: Organization  # a member of the section only
    outsider: Organization  # in no network
    stranger: Organization  # a member of the other network only
    people: dict[str, User | None]

    def who(self, actor: str) -> User:
        user = self.people[actor]
        assert user is not None
        return user


ACTORS = [
    "anonymous",
    "member",
    "org_admin",
    "other_admin",
    "network_admin",
    "parent_admin",
    "platform_admin",
]
ALLOWED = {"network_admin", "parent_admin", "platform_admin"}


@pytest.fixture
def world() -> World:
    member = CompanyFactory.create(
        name="Plásticos del Bajío", rfc="PBA980524AB9", municipality_id="016", scian_id="326199"
    )
    nested = CompanyFactory.create(name="Moldes Colón", municipality_id="005")
    outsider = OrganizationFactory.create(name="Inyectora Querétaro", municipality_id="014")
    stranger = OrganizationFactory.create(name="Textiles de Amealco", municipality_id="001")
    coordination = NetworkFactory.create(name="Coordinación TD2035")
    cluster = NetworkFactory.create(name="Clúster de Plásticos", members=[member], parent=coordination)
    section = NetworkFactory.create(name="Sección Moldes", members=[nested], parent=cluster)
    other = NetworkFactory.create(name="Cámara Textil", members=[stranger])
    people: dict[str, User | None] = {
        "anonymous": None,
        "member": member_of(member, email="empleado@plasticos.example"),
        "org_admin": admin_of(member, email="duena@plasticos.example"),
        "other_admin": make_network_admin(other, "staff@textil.example"),
        "network_admin": make_network_admin(cluster, "staff@plasticos-cluster.example"),
        "parent_admin": make_network_admin(coordination, "staff@td2035.example"),
        "platform_admin": platform_admin(),
    }
    return World(coordination, cluster, section, other, member, nested, outsider, stranger, people)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(email=user.email, password=PASSWORD)
    return client


def admin_url(network: Network, rest: str = "") -> str:
    return f"/redes/{network.slug}/administrar/{rest}"


def is_member(network: Network, org: Organization) -> bool:
    return NetworkMembership.objects.filter(network=network, organization=org).exists()


def refused(response, actor: str) -> None:
    assert response.status_code == 403, (actor, response.status_code)


# --- The permission matrix: actor × action, through the pages. --------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_invite(world: World, actor: str) -> None:
    response = client_for(world.people[actor]).post(
        admin_url(world.cluster, "invitaciones/"), {"organization": world.outsider.slug}
    )
    invited = NetworkInvitation.objects.filter(network=world.cluster, organization=world.outsider)
    if actor in ALLOWED:
        assert response.status_code == 302
        assert invited.get().status == NetworkInvitation.Status.PENDING
        assert AuditEntry.objects.filter(action="network.invitation_sent").count() == 1
    else:
        refused(response, actor)
        assert not invited.exists() and not AuditEntry.objects.exists() and not mail.outbox


@pytest.mark.parametrize("actor", ACTORS)
def test_approve(world: World, actor: str) -> None:
    join = NetworkJoinRequest.objects.create(network=world.cluster, organization=world.outsider)
    response = client_for(world.people[actor]).post(
        admin_url(world.cluster, f"solicitudes/{join.pk}/aprobar/")
    )
    join.refresh_from_db()
    if actor in ALLOWED:
        assert response.status_code == 302
        assert join.status == NetworkJoinRequest.Status.APPROVED and is_member(world.cluster, world.outsider)
        assert join.decided_by == world.people[actor]
    else:
        refused(response, actor)
        assert join.status == NetworkJoinRequest.Status.PENDING and not is_member(
            world.cluster, world.outsider
        )
        assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_remove(world: World, actor: str) -> None:
    response = client_for(world.people[actor]).post(
        admin_url(world.cluster, f"miembros/{world.member.slug}/quitar/")
    )
    if actor in ALLOWED:
        assert response.status_code == 302 and not is_member(world.cluster, world.member)
        entry = AuditEntry.objects.get(action="network.member_removed")
        assert entry.target_id == str(world.cluster.pk) and entry.data == {"organization": world.member.pk}
        assert Organization.objects.filter(pk=world.member.pk).exists()  # only the membership goes
    else:
        refused(response, actor)
        assert is_member(world.cluster, world.member) and not AuditEntry.objects.exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_verify(world: World, actor: str) -> None:
    response = client_for(world.people[actor]).post(
        admin_url(world.cluster, f"miembros/{world.member.slug}/verificar/"), {"verified": "1"}
    )
    world.member.refresh_from_db()
    if actor in ALLOWED:
        assert response.status_code == 302 and world.member.is_verified
        assert AuditEntry.objects.filter(
            action="organization.verified", target_id=str(world.member.pk)
        ).exists()
    else:
        refused(response, actor)
        assert not world.member.is_verified and not AuditEntry.objects.exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_export(world: World, actor: str) -> None:
    response = client_for(world.people[actor]).get(admin_url(world.cluster, "miembros.csv"))
    if actor in ALLOWED:
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert AuditEntry.objects.get(action="network.roster_exported").actor == world.people[actor]
    elif actor == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/cuenta/login/?next=")
        assert not AuditEntry.objects.exists()
    else:
        refused(response, actor)
        assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("page", ["", "invitaciones/", "solicitudes/", "miembros/"])
@pytest.mark.parametrize("actor", ACTORS)
def test_admin_pages(world: World, actor: str, page: str) -> None:
    response = client_for(world.people[actor]).get(admin_url(world.cluster, page))
    if actor in ALLOWED:
        assert response.status_code == 200
    elif actor == "anonymous":
        assert response.status_code == 302 and "/cuenta/login/" in response["Location"]
    else:
        refused(response, actor)


def test_a_sub_network_admin_does_not_run_the_network_above(world: World) -> None:
    section_admin = make_network_admin(world.section, "staff@moldes.example")
    client = client_for(section_admin)
    assert client.get(admin_url(world.section)).status_code == 200
    assert client.get(admin_url(world.cluster)).status_code == 403
    assert client.post(admin_url(world.cluster, f"miembros/{world.member.slug}/quitar/")).status_code == 403
    assert is_member(world.cluster, world.member)


def test_an_unknown_network_is_404(world: World) -> None:
    client = client_for(world.people["platform_admin"])
    assert client.get(admin_url(Network(slug="no-existe"))).status_code == 404
    assert client.post("/redes/no-existe/administrar/miembros/x/quitar/").status_code == 404


# --- Another network's ids. --------------------------------------------------------------------------


def test_another_networks_invitation_cannot_be_cancelled_through_mine(world: World) -> None:
    theirs = network_admin.invite_organization(
        actor=world.who("other_admin"), network=world.other, organization=world.outsider
    )
    client = client_for(world.people["network_admin"])
    response = client.post(admin_url(world.cluster, f"invitaciones/{theirs.pk}/cancelar/"))
    assert response.status_code == 404
    response = client.post(admin_url(world.other, f"invitaciones/{theirs.pk}/cancelar/"))
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == NetworkInvitation.Status.PENDING


def test_another_networks_join_request_cannot_be_decided_through_mine(world: World) -> None:
    theirs = NetworkJoinRequest.objects.create(network=world.other, organization=world.outsider)
    client = client_for(world.people["network_admin"])
    for verb in ("aprobar", "rechazar"):
        assert client.post(admin_url(world.cluster, f"solicitudes/{theirs.pk}/{verb}/")).status_code == 404
        assert client.post(admin_url(world.other, f"solicitudes/{theirs.pk}/{verb}/")).status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == NetworkJoinRequest.Status.PENDING
    assert not is_member(world.cluster, world.outsider) and not is_member(world.other, world.outsider)


def test_another_networks_member_cannot_be_removed_or_verified_through_mine(world: World) -> None:
    client = client_for(world.people["network_admin"])
    assert client.post(admin_url(world.cluster, f"miembros/{world.stranger.slug}/quitar/")).status_code == 404
    assert client.get(admin_url(world.cluster, f"miembros/{world.stranger.slug}/quitar/")).status_code == 404
    response = client.post(
        admin_url(world.cluster, f"miembros/{world.stranger.slug}/verificar/"), {"verified": "1"}
    )
    assert response.status_code == 404
    world.stranger.refresh_from_db()
    assert is_member(world.other, world.stranger) and not world.stranger.is_verified
    assert not AuditEntry.objects.exists()


def test_a_sub_networks_member_is_verified_but_removed_only_from_its_own_network(world: World) -> None:
    client = client_for(world.people["network_admin"])
    response = client.post(
        admin_url(world.cluster, f"miembros/{world.nested.slug}/verificar/"), {"verified": "1"}
    )
    assert response.status_code == 302
    world.nested.refresh_from_db()
    assert world.nested.is_verified
    assert client.post(admin_url(world.cluster, f"miembros/{world.nested.slug}/quitar/")).status_code == 404
    assert client.post(admin_url(world.section, f"miembros/{world.nested.slug}/quitar/")).status_code == 302
    assert not is_member(world.section, world.nested)


def test_verification_can_be_withdrawn(world: World) -> None:
    client = client_for(world.people["network_admin"])
    client.post(admin_url(world.cluster, f"miembros/{world.member.slug}/verificar/"), {"verified": "1"})
    client.post(admin_url(world.cluster, f"miembros/{world.member.slug}/verificar/"), {"verified": "0"})
    world.member.refresh_from_db()
    assert not world.member.is_verified
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "organization.verified",
        "organization.unverified",
    ]


# --- Invitations answered by the invited side. ------------------------------------------------------


def invite_outsider(world: World) -> NetworkInvitation:
    return network_admin.invite_organization(
        actor=world.who("network_admin"),
        network=world.cluster,
        organization=world.outsider,
        message="¡Bienvenida!",
    )


def test_the_organisations_admin_accepts_and_the_network_hears_of_it(world: World, commit) -> None:
    owner = admin_of(world.outsider, email="dueno@inyectora.example")
    with commit(execute=True):
        invitation = invite_outsider(world)
    assert [m.to for m in mail.outbox] == [[owner.email]]
    invitation_mail = mail.outbox[0]
    assert f"/redes/invitaciones/{invitation.pk}/" in invitation_mail.body
    assert invitation_mail.subject == (
        "[TD2035] «Clúster de Plásticos» invita a «Inyectora Querétaro» a unirse"
        " / “Clúster de Plásticos” invites “Inyectora Querétaro” to join"
    )
    assert "¡Bienvenida!" in invitation_mail.body and "— English —" in invitation_mail.body
    assert "Acepta o rechaza la invitación aquí:" in invitation_mail.body
    assert "Accept or decline the invitation here:" in invitation_mail.body
    assert invitation_mail.content_subtype == "plain" and not getattr(invitation_mail, "alternatives", [])

    client = client_for(owner)
    page = client.get(f"/redes/invitaciones/{invitation.pk}/")
    assert page.status_code == 200 and "Aceptar la invitación" in page.content.decode()
    assert_csp_safe(page.content.decode())
    inbox = client.get("/redes/invitaciones/").content.decode()
    assert f"/redes/invitaciones/{invitation.pk}/" in inbox

    mail.outbox.clear()
    with commit(execute=True):
        response = client.post(f"/redes/invitaciones/{invitation.pk}/aceptar/")
    assert response.status_code == 302 and response["Location"] == f"/redes/{world.cluster.slug}/"
    invitation.refresh_from_db()
    assert invitation.status == NetworkInvitation.Status.ACCEPTED and invitation.decided_by == owner
    membership = NetworkMembership.objects.get(network=world.cluster, organization=world.outsider)
    assert membership.joined_on == date.today()
    assert sorted(m.to[0] for m in mail.outbox) == ["staff@plasticos-cluster.example"]
    assert "aceptó" in mail.outbox[0].subject
    assert AuditEntry.objects.filter(action="network.invitation_accepted", actor=owner).count() == 1


def test_double_accept_is_a_conflict_and_changes_nothing(world: World) -> None:
    owner = admin_of(world.outsider, email="dueno@inyectora.example")
    invitation = invite_outsider(world)
    client = client_for(owner)
    assert client.post(f"/redes/invitaciones/{invitation.pk}/aceptar/").status_code == 302
    again = client.post(f"/redes/invitaciones/{invitation.pk}/aceptar/")
    assert again.status_code == 409 and "ya se resolvió" in again.content.decode()
    assert client.post(f"/redes/invitaciones/{invitation.pk}/rechazar/").status_code == 409
    invitation.refresh_from_db()
    assert invitation.status == NetworkInvitation.Status.ACCEPTED
    assert NetworkMembership.objects.filter(network=world.cluster, organization=world.outsider).count() == 1
    assert AuditEntry.objects.filter(action="network.invitation_accepted").count() == 1
    with pytest.raises(network_admin.AlreadyDecided):
        network_admin.accept_invitation(actor=owner, invitation_id=invitation.pk)


def test_a_declined_invitation_cannot_be_accepted_later(world: World, commit) -> None:
    owner = admin_of(world.outsider, email="dueno@inyectora.example")
    invitation = invite_outsider(world)
    client = client_for(owner)
    with commit(execute=True):
        assert client.post(f"/redes/invitaciones/{invitation.pk}/rechazar/").status_code == 302
    assert client.post(f"/redes/invitaciones/{invitation.pk}/aceptar/").status_code == 409
    invitation.refresh_from_db()
    assert invitation.status == NetworkInvitation.Status.DECLINED
    assert not is_member(world.cluster, world.outsider)
    assert "rechazó" in mail.outbox[-1].subject


def test_a_cancelled_invitation_cannot_be_accepted(world: World) -> None:
    owner = admin_of(world.outsider, email="dueno@inyectora.example")
    invitation = invite_outsider(world)
    staff = client_for(world.people["network_admin"])
    assert staff.post(admin_url(world.cluster, f"invitaciones/{invitation.pk}/cancelar/")).status_code == 302
    assert staff.post(admin_url(world.cluster, f"invitaciones/{invitation.pk}/cancelar/")).status_code == 409
    assert client_for(owner).post(f"/redes/invitaciones/{invitation.pk}/aceptar/").status_code == 409
    assert not is_member(world.cluster, world.outsider)


@pytest.mark.parametrize("actor", ["anonymous", "member", "org_admin", "other_admin", "network_admin"])
def test_only_the_invited_organisations_admins_answer(world: World, actor: str) -> None:
    invitation = invite_outsider(world)  # the outsider: none of these people speaks for it
    client = client_for(world.people[actor])
    assert client.post(f"/redes/invitaciones/{invitation.pk}/aceptar/").status_code == 403
    assert client.post(f"/redes/invitaciones/{invitation.pk}/rechazar/").status_code == 403
    if actor != "anonymous":
        assert client.get(f"/redes/invitaciones/{invitation.pk}/").status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == NetworkInvitation.Status.PENDING and not is_member(
        world.cluster, world.outsider
    )


def test_an_unknown_invitation_is_404(world: World) -> None:
    client = client_for(world.people["org_admin"])
    assert client.get("/redes/invitaciones/999999/").status_code == 404
    assert client.post("/redes/invitaciones/999999/aceptar/").status_code == 404


def test_inviting_twice_or_a_member_is_refused_with_a_message(world: World) -> None:
    client = client_for(world.people["network_admin"])
    invite_outsider(world)
    again = client.post(admin_url(world.cluster, "invitaciones/"), {"organization": world.outsider.slug})
    assert again.status_code == 400 and "Ya invitaste" in again.content.decode()
    member = client.post(admin_url(world.cluster, "invitaciones/"), {"organization": world.member.slug})
    assert member.status_code == 400 and "ya es miembro" in member.content.decode()
    nobody = client.post(admin_url(world.cluster, "invitaciones/"), {"organization": "no-existe"})
    assert nobody.status_code == 400 and "No existe esa organización" in nobody.content.decode()
    both = client.post(
        admin_url(world.cluster, "invitaciones/"),
        {"organization": world.outsider.slug, "network": world.other.slug},
    )
    assert both.status_code == 400
    assert NetworkInvitation.objects.count() == 1


def test_search_offers_whom_to_invite(world: World) -> None:
    invite_outsider(world)
    page = client_for(world.people["network_admin"]).get(
        admin_url(world.cluster, "invitaciones/"), {"q": "inyectora"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and "Inyectora Querétaro" in html and "invitación pendiente" in html
    assert_csp_safe(html)
    page = client_for(world.people["network_admin"]).get(
        admin_url(world.cluster, "invitaciones/"), {"q": "camara"}
    )
    html = page.content.decode()
    assert 'name="network" value="camara-textil"' in html  # accents ignored
    page = client_for(world.people["network_admin"]).get(
        admin_url(world.cluster, "invitaciones/"), {"q": "coordinacion"}
    )
    assert "contiene a esta red" in page.content.decode()


# --- Sub-networks and cycles. --------------------------------------------------------------------------


def test_a_sub_network_is_linked_when_its_admin_accepts(world: World, commit) -> None:
    client = client_for(world.people["network_admin"])
    with commit(execute=True):
        response = client.post(
            admin_url(world.cluster, "invitaciones/"), {"network": world.other.slug, "message": "Hola"}
        )
    assert response.status_code == 302
    invitation = NetworkInvitation.objects.get(child_network=world.other)
    assert [m.to for m in mail.outbox] == [["staff@textil.example"]]
    assert "sub-red" in mail.outbox[0].subject
    # The cluster's admin cannot accept for the invited network.
    assert client.post(f"/redes/invitaciones/{invitation.pk}/aceptar/").status_code == 403
    response = client_for(world.people["other_admin"]).post(f"/redes/invitaciones/{invitation.pk}/aceptar/")
    assert response.status_code == 302
    assert NetworkLink.objects.filter(parent=world.cluster, child=world.other).exists()
    # Now the cluster's (and the coordination's) admins run the textile chamber too.
    assert client.get(admin_url(world.other)).status_code == 200
    assert client_for(world.people["parent_admin"]).get(admin_url(world.other)).status_code == 200


def test_a_network_that_contains_this_one_cannot_be_invited(world: World) -> None:
    client = client_for(world.people["network_admin"])
    response = client.post(admin_url(world.cluster, "invitaciones/"), {"network": world.coordination.slug})
    assert response.status_code == 400 and "círculo" in response.content.decode()
    assert not NetworkInvitation.objects.exists()
    with pytest.raises(NetworkCycleError):
        network_admin.invite_network(
            actor=world.who("network_admin"), network=world.cluster, child=world.cluster
        )


def test_a_cycle_closed_after_the_invitation_is_refused_on_accept(world: World) -> None:
    invitation = network_admin.invite_network(
        actor=world.who("other_admin"), network=world.other, child=world.section
    )
    section_admin = make_network_admin(world.section, "staff@moldes.example")
    # Meanwhile the textile chamber becomes a sub-network of the section: accepting would close a circle.
    NetworkLink.objects.create(parent=world.section, child=world.other)
    response = client_for(section_admin).post(f"/redes/invitaciones/{invitation.pk}/aceptar/")
    assert response.status_code == 400 and "círculo" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == NetworkInvitation.Status.PENDING
    assert not NetworkLink.objects.filter(parent=world.other, child=world.section).exists()
    assert not AuditEntry.objects.filter(action="network.invitation_accepted").exists()


def test_a_sub_network_can_be_unlinked(world: World) -> None:
    client = client_for(world.people["network_admin"])
    confirm = client.get(admin_url(world.cluster, f"sub-redes/{world.section.slug}/quitar/"))
    assert confirm.status_code == 200 and "Sí, quitar" in confirm.content.decode()
    assert (
        client_for(world.people["org_admin"])
        .post(admin_url(world.cluster, f"sub-redes/{world.section.slug}/quitar/"))
        .status_code
        == 403
    )
    assert client.post(admin_url(world.cluster, f"sub-redes/{world.other.slug}/quitar/")).status_code == 404
    assert client.post(admin_url(world.cluster, f"sub-redes/{world.section.slug}/quitar/")).status_code == 302
    assert not NetworkLink.objects.filter(parent=world.cluster, child=world.section).exists()
    assert is_member(world.section, world.nested)


# --- Join requests. ------------------------------------------------------------------------------------


def test_an_org_admin_asks_to_join_from_the_network_page(world: World, commit) -> None:
    owner = admin_of(world.outsider, email="dueno@inyectora.example")
    client = client_for(owner)
    page = client.get(f"/redes/{world.cluster.slug}/").content.decode()
    assert "Solicitar unirse" in page and "Administrar esta red" not in page
    form = client.get(f"/redes/{world.cluster.slug}/unirse/")
    assert form.status_code == 200 and world.outsider.name in form.content.decode()
    assert_csp_safe(form.content.decode())
    mail.outbox.clear()
    with commit(execute=True):
        response = client.post(
            f"/redes/{world.cluster.slug}/unirse/",
            {"organization": world.outsider.slug, "message": "<b>Hola</b>"},
        )
    assert response.status_code == 302
    join = NetworkJoinRequest.objects.get(network=world.cluster, organization=world.outsider)
    assert join.status == "pending" and join.requested_by == owner and join.message == "Hola"
    assert [m.to for m in mail.outbox] == [["staff@plasticos-cluster.example"]]
    assert f"/redes/{world.cluster.slug}/administrar/solicitudes/" in mail.outbox[0].body
    # Asked once: the button is gone and asking again is refused.
    assert "Solicitar unirse" not in client.get(f"/redes/{world.cluster.slug}/").content.decode()
    again = client.post(f"/redes/{world.cluster.slug}/unirse/", {"organization": world.outsider.slug})
    assert again.status_code == 400
    assert NetworkJoinRequest.objects.count() == 1

    staff = client_for(world.people["network_admin"])
    listing = staff.get(admin_url(world.cluster, "solicitudes/")).content.decode()
    assert world.outsider.name in listing and "dueno@inyectora.example" in listing
    mail.outbox.clear()
    with commit(execute=True):
        assert staff.post(admin_url(world.cluster, f"solicitudes/{join.pk}/aprobar/")).status_code == 302
    assert is_member(world.cluster, world.outsider)
    assert [m.to for m in mail.outbox] == [["dueno@inyectora.example"]] and "aprobó" in mail.outbox[0].subject
    assert staff.post(admin_url(world.cluster, f"solicitudes/{join.pk}/rechazar/")).status_code == 409


def test_the_join_button_is_only_for_admins_of_organisations_that_can_join(world: World) -> None:
    page = Client().get(f"/redes/{world.cluster.slug}/").content.decode()
    assert "Solicitar unirse" not in page and "Administrar esta red" not in page
    for actor in ("member", "org_admin"):  # the member organisation is in already
        page = client_for(world.people[actor]).get(f"/redes/{world.cluster.slug}/").content.decode()
        assert "Solicitar unirse" not in page
    page = client_for(world.people["parent_admin"]).get(f"/redes/{world.cluster.slug}/").content.decode()
    assert "Administrar esta red" in page


def test_asking_for_an_organisation_one_does_not_run_is_refused(world: World) -> None:
    admin_of(world.outsider, email="dueno@inyectora.example")
    client = client_for(world.people["member"])
    response = client.post(f"/redes/{world.cluster.slug}/unirse/", {"organization": world.outsider.slug})
    assert response.status_code == 400
    assert not NetworkJoinRequest.objects.exists()
    with pytest.raises(PermissionDenied):
        network_admin.request_to_join(
            actor=world.who("member"), network=world.cluster, organization=world.outsider
        )


def test_a_declined_request_can_be_asked_again(world: World, commit) -> None:
    owner = admin_of(world.outsider, email="dueno@inyectora.example")
    join = network_admin.request_to_join(actor=owner, network=world.cluster, organization=world.outsider)
    with commit(execute=True):
        network_admin.decline_join_request(
            actor=world.who("network_admin"), network=world.cluster, request_id=join.pk
        )
    assert "rechazó" in mail.outbox[-1].subject
    second = network_admin.request_to_join(actor=owner, network=world.cluster, organization=world.outsider)
    assert second.pk != join.pk and second.status == "pending"


def test_an_invitation_and_a_request_meet(world: World) -> None:
    owner = admin_of(world.outsider, email="dueno@inyectora.example")
    invitation = invite_outsider(world)
    with pytest.raises(DirectoryError, match="acepta su invitación"):
        network_admin.request_to_join(actor=owner, network=world.cluster, organization=world.outsider)
    network_admin.cancel_invitation(
        actor=world.who("network_admin"), network=world.cluster, invitation_id=invitation.pk
    )
    join = network_admin.request_to_join(actor=owner, network=world.cluster, organization=world.outsider)
    with pytest.raises(DirectoryError, match="aprueba su solicitud"):
        invite_outsider(world)
    network_admin.approve_join_request(
        actor=world.who("network_admin"), network=world.cluster, request_id=join.pk
    )
    assert is_member(world.cluster, world.outsider)


# --- The roster. -----------------------------------------------------------------------------------------


def read_csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_roster_lists_every_member_once_with_its_sub_network(world: World) -> None:
    NetworkMembership.objects.filter(network=world.cluster, organization=world.member).update(
        joined_on=date(2024, 3, 1)
    )
    network_admin.verify_member(
        actor=world.who("network_admin"), network=world.cluster, organization=world.member
    )
    # Also a member of the section: the direct membership wins.
    NetworkMembership.objects.create(network=world.section, organization=world.member)
    response = client_for(world.people["network_admin"]).get(admin_url(world.cluster, "miembros.csv"))
    assert response["Content-Disposition"].startswith(f'attachment; filename="miembros-{world.cluster.slug}-')
    assert "no-store" in response["Cache-Control"]
    header, *rows = read_csv(response.content)
    assert header == [
        "Organización",
        "Razón social",
        "RFC",
        "Tipo",
        "Tamaño",
        "Municipio",
        "SCIAN",
        "Actividad SCIAN",
        "Verificada",
        "Miembro desde",
        "Vía la sub-red",
    ]
    by_name = {row[0]: row for row in rows}
    assert sorted(by_name) == ["Moldes Colón", "Plásticos del Bajío"]
    member = by_name["Plásticos del Bajío"]
    assert member[1] == "Plásticos del Bajío S.A. de C.V."
    assert member[2] == "PBA980524AB9"
    assert member[3] == "Empresa" and member[5] == "San Juan del Río" and member[6] == "326199"
    assert member[4] and member[7]  # size computed from employees and sales; the SCIAN title
    assert member[8:] == ["sí", "2024-03-01", ""]
    nested = by_name["Moldes Colón"]
    assert nested[8] == "no" and nested[10] == "Sección Moldes"
    entry = AuditEntry.objects.get(action="network.roster_exported")
    assert entry.data == {"rows": 2, "format": "csv"} and entry.target_id == str(world.cluster.pk)


def test_a_persons_rfc_is_not_exported(world: World) -> None:
    person = OrganizationFactory.create(name="Juana Pérez Herrería", rfc="PEHJ800101AB6")
    NetworkMembership.objects.create(network=world.cluster, organization=person)
    rows = network_admin.export_roster(actor=world.who("network_admin"), network=world.cluster)
    assert len(person.rfc) == 13
    assert next(r for r in rows if r.name == person.name).rfc == ""


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x.example","clic")', "+52 442", "-1+1", "@SUM(A1)"])
def test_the_roster_escapes_cells_that_spreadsheets_would_run(world: World, name: str) -> None:
    org = OrganizationFactory.create(name=name, legal_name="=1+1")
    NetworkMembership.objects.create(network=world.cluster, organization=org)
    response = client_for(world.people["network_admin"]).get(admin_url(world.cluster, "miembros.csv"))
    _header, *rows = read_csv(response.content)
    row = next(r for r in rows if r[0] == "'" + name)
    assert row[1] == "'=1+1"


@given(st.text(max_size=30))
def test_no_cell_starts_a_formula(value: str) -> None:
    cell = roster.safe_cell(value)
    assert not cell.startswith(roster.FORMULA_STARTS)
    assert cell in (value, "'" + value)


def test_the_roster_is_in_english_for_english_readers(world: World) -> None:
    client = client_for(world.people["network_admin"])
    response = client.get(admin_url(world.cluster, "miembros.csv"), HTTP_ACCEPT_LANGUAGE="en")
    header, *_rows = read_csv(response.content)
    assert header[0] == "Organization" and header[-1] == "Through sub-network"


# --- The pages. -----------------------------------------------------------------------------------------------


def test_dashboard_shows_the_networks_statistics(world: World) -> None:
    network_admin.verify_member(
        actor=world.who("network_admin"), network=world.cluster, organization=world.member
    )
    invite_outsider(world)
    NetworkJoinRequest.objects.create(network=world.cluster, organization=world.stranger)
    response = client_for(world.people["network_admin"]).get(admin_url(world.cluster))
    html = response.content.decode()
    assert response.status_code == 200
    assert_csp_safe(html)
    stats = html[html.index('id="network-stats"') : html.index("</ul>", html.index('id="network-stats"'))]
    numbers = [int(n) for n in re.findall(r'stat-number">(\d+)', stats)]
    assert numbers == [2, 1, 50, 1, 1]  # with sub-networks, direct, % verified, invitations, requests
    assert "Miembros por municipio" in html and "San Juan del Río" in html and "Colón" in html
    assert "Sección Moldes" in html  # the sub-network tree


def test_pages_escape_organisation_names(world: World) -> None:
    org = OrganizationFactory.create(name="<script>alert(1)</script> Plásticos")
    NetworkMembership.objects.create(network=world.cluster, organization=org)
    NetworkJoinRequest.objects.create(
        network=world.cluster, organization=world.outsider, message="<img src=x onerror=alert(1)>"
    )
    client = client_for(world.people["network_admin"])
    for page in ("miembros/", "solicitudes/"):
        html = client.get(admin_url(world.cluster, page)).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert_csp_safe(html)


def test_members_page_lists_direct_members_and_sub_networks(
    world: World, django_assert_max_num_queries
) -> None:
    for i in range(30):
        NetworkMembership.objects.create(
            network=world.cluster, organization=OrganizationFactory.create(name=f"Proveedor {i:02d}")
        )
    client = client_for(world.people["network_admin"])
    with django_assert_max_num_queries(20):
        response = client.get(admin_url(world.cluster, "miembros/"))
    html = response.content.decode()
    assert "31 miembros" in html and "Página 1 de 2" in html and "Sección Moldes" in html
    filtered = client.get(admin_url(world.cluster, "miembros/"), {"q": "bajío"}).content.decode()
    assert "1 miembro" in filtered and "Plásticos del Bajío" in filtered


def test_removing_asks_first_and_tells_the_organisation(world: World, commit) -> None:
    owner = world.people["org_admin"]
    assert owner is not None
    client = client_for(world.people["network_admin"])
    confirm = client.get(admin_url(world.cluster, f"miembros/{world.member.slug}/quitar/"))
    assert confirm.status_code == 200 and is_member(world.cluster, world.member)
    assert_csp_safe(confirm.content.decode())
    mail.outbox.clear()
    with commit(execute=True):
        client.post(admin_url(world.cluster, f"miembros/{world.member.slug}/quitar/"))
    assert [m.to for m in mail.outbox] == [[owner.email]]


def test_forms_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    staff = world.people["network_admin"]
    assert staff is not None
    client.login(email=staff.email, password=PASSWORD)
    response = client.post(admin_url(world.cluster, f"miembros/{world.member.slug}/quitar/"))
    assert response.status_code == 403 and is_member(world.cluster, world.member)


def test_pages_in_english(world: World) -> None:
    client = client_for(world.people["network_admin"])
    html = client.get(admin_url(world.cluster), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Manage “Clúster de Plásticos”" in html and "Export members (CSV)" in html


def test_mail_failures_do_not_undo_the_decision(world: World, settings, commit) -> None:
    settings.EMAIL_BACKEND = "td2035.directory.tests.test_network_admin.BrokenBackend"
    admin_of(world.outsider, email="dueno@inyectora.example")
    with commit(execute=True) as callbacks:
        invitation = invite_outsider(world)
    assert callbacks  # the mail was attempted after commit, failed, and was logged
    invitation.refresh_from_db()
    assert invitation.status == NetworkInvitation.Status.PENDING


class BrokenBackend:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: list[object]) -> int:
        raise OSError("mail server down")


def test_a_user_without_any_organisation_sees_how_to_register(world: World) -> None:
    user = make_user("nueva@example.com")
    html = client_for(user).get(f"/redes/{world.cluster.slug}/unirse/").content.decode()
    assert "Registrar una organización" in html


def test_the_search_says_when_nobody_runs_an_organisation(world: World) -> None:
    client = client_for(world.who("network_admin"))
    html = client.get(admin_url(world.cluster, "invitaciones/"), {"q": "inyectora"}).content.decode()
    assert "Nadie la administra aún" in html
    admin_of(world.outsider, email="dueno@inyectora.example")
    html = client.get(admin_url(world.cluster, "invitaciones/"), {"q": "inyectora"}).content.decode()
    assert "Nadie la administra aún" not in html and "Inyectora Querétaro" in html


def test_the_inbox_lists_the_networks_one_runs(world: World) -> None:
    html = client_for(world.who("network_admin")).get("/redes/invitaciones/").content.decode()
    assert f'href="/redes/{world.cluster.slug}/administrar/"' in html
    assert_csp_safe(html)
    html = client_for(world.who("org_admin")).get("/redes/invitaciones/").content.decode()
    assert "Redes que administras" not in html


# --- The findings of the adversarial review (issue 11), as regression tests. --------------------------


def test_a_network_admin_does_not_vouch_for_an_organisation_they_speak_for(world: World) -> None:
    runner = world.who("network_admin")
    grant_role(world.member, runner, "admin")  # the cluster's staff also run the member
    response = client_for(runner).post(
        admin_url(world.cluster, f"miembros/{world.member.slug}/verificar/"), {"verified": "1"}
    )
    refused(response, "network_admin")
    world.member.refresh_from_db()
    assert (
        not world.member.is_verified
        and not AuditEntry.objects.filter(action="organization.verified").exists()
    )
    client_for(world.who("parent_admin")).post(
        admin_url(world.cluster, f"miembros/{world.member.slug}/verificar/"), {"verified": "1"}
    )
    world.member.refresh_from_db()
    assert world.member.is_verified  # someone who does not speak for it may


@pytest.mark.parametrize("value", ["no", "true", "", "2"])
def test_a_verified_value_that_is_neither_1_nor_0_is_refused(world: World, value: str) -> None:
    response = client_for(world.who("network_admin")).post(
        admin_url(world.cluster, f"miembros/{world.member.slug}/verificar/"), {"verified": value}
    )
    assert response.status_code == 400 and "is 1 or 0" in response.content.decode()
    platform = client_for(world.who("platform_admin"))
    assert (
        platform.post(f"/organizaciones/{world.member.slug}/verificar/", {"verified": value}).status_code
        == 400
    )
    world.member.refresh_from_db()
    assert not world.member.is_verified and not AuditEntry.objects.exists()


def test_the_dashboard_counts_link_to_the_networks_members_in_the_directory(world: World) -> None:
    page = client_for(world.who("network_admin")).get(admin_url(world.cluster)).content.decode()
    assert f"/directorio/?network={world.cluster.slug}&amp;size=" in page
    assert "/directorio/?&amp;" not in page  # not the whole directory
