"""Whatever people send the directory's write services (registering, editing a profile, a logo, running a
network), the answer is a row that reads back as stored or a refusal; never another exception. See
td2035/tests/hostile.py for the values and the rules every property test here follows."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from td2035.accounts.models import AuditEntry, User
from td2035.directory.models import Network, Organization
from td2035.directory.tests.factories import CompanyFactory, NetworkFactory, OrganizationFactory
from td2035.networks_admin import services as network_admin
from td2035.networks_admin.models import NetworkInvitation, NetworkJoinRequest
from td2035.registration import claims, organizations
from td2035.tests.hostile import (
    assert_reads_back,
    assert_storable,
    attempt,
    hostile,
    ids,
    numbers,
    some_of,
    texts,
)
from td2035.tests.people import (
    admin_of,
    image_bytes,
    platform_admin,
)
from td2035.tests.people import (
    network_admin as make_network_admin,
)

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (
    "name",
    "legal_name",
    "address",
    "description_es",
    "description_en",
    "products",
    "capabilities",
)
PROFILE_FIELDS = {
    **dict.fromkeys(TEXT_FIELDS, texts),
    "kind": st.one_of(st.sampled_from(["company", "university", "cluster", "coordination"]), texts),
    "rfc": st.one_of(st.just("PBA980524AB9"), texts),
    "scian_id": st.one_of(st.sampled_from(["332710", "326199"]), texts, numbers),
    "municipality_id": st.one_of(st.sampled_from(["014", "006"]), texts, numbers),
    "postal_code": st.one_of(st.just("76000"), texts),
    "latitude": numbers,
    "longitude": numbers,
    "phone": st.one_of(st.just("442 212 3456"), texts),
    "email": st.one_of(st.just("ventas@tortilleria.example"), texts),
    "website": st.one_of(st.just("https://tortilleria.example"), texts),
    "year_founded": numbers,
    "employees": numbers,
    "annual_sales_mxn": numbers,
    "certifications": st.lists(st.one_of(st.just("ISO 9001"), texts), max_size=4),
}
STORED: tuple[str, ...] = (
    *TEXT_FIELDS,
    "kind",
    "rfc",
    "scian_id",
    "municipality_id",
    "postal_code",
    "latitude",
    "longitude",
)
STORED += ("phone", "email", "website", "year_founded", "employees", "annual_sales_mxn", "size")
BASE = {"name": "Tortillería La Güera", "kind": "company", "municipality_id": "014", "scian_id": "332710"}


@dataclass
class World:
    owner: User  # admin of `company`
    company: Organization
    cluster: Network
    cluster_admin: User
    member: Organization  # a member of the cluster
    stranger: User  # admin of an organisation in no network


@pytest.fixture
def world(settings: Any, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path
    company = CompanyFactory.create(name="Tortillería La Güera", municipality_id="014")
    member = CompanyFactory.create(name="Moldes Colón", municipality_id="005")
    cluster = NetworkFactory.create(name="Clúster de Alimentos", members=[member])
    return World(
        owner=admin_of(company, email="duena@tortilleria.example"),
        company=company,
        cluster=cluster,
        cluster_admin=make_network_admin(cluster, "staff@alimentos.example"),
        member=member,
        stranger=admin_of(OrganizationFactory.create(name="Otra"), email="otra@otra.example"),
    )


def profile_reads_back(org: Organization) -> None:
    assert_reads_back(org, *STORED)
    assert_storable(list(org.certifications.values_list("name", flat=True)))


# --- Registering and editing an organisation. --------------------------------------------------------


@hostile
@given(fields=some_of(PROFILE_FIELDS, most=4))
def test_register_organization_stores_what_it_accepts_or_refuses(
    world: World, fields: dict[str, Any]
) -> None:
    data = BASE | fields
    attempt(lambda: organizations.register_organization(world.owner, **data), profile_reads_back)


@hostile
@given(fields=some_of(PROFILE_FIELDS, most=4))
def test_update_profile_stores_what_it_accepts_or_refuses(world: World, fields: dict[str, Any]) -> None:
    attempt(lambda: organizations.update_profile(world.owner, world.company, **fields), profile_reads_back)
    assert Organization.objects.get(pk=world.company.pk).name == "Tortillería La Güera"  # rolled back


@hostile
@given(fields=some_of(PROFILE_FIELDS), verified=st.booleans())
def test_nobody_else_edits_or_verifies_an_organisation(
    world: World, fields: dict[str, Any], verified: bool
) -> None:
    for call in (
        lambda: organizations.update_profile(world.stranger, world.company, **fields),
        lambda: claims.verify_organization(world.stranger, world.company, verified=verified),
        lambda: network_admin.verify_member(
            actor=world.cluster_admin, network=world.cluster, organization=world.company, verified=verified
        ),
    ):
        assert isinstance(attempt(call), Exception)


@hostile
@given(content=st.one_of(st.binary(max_size=3000), st.sampled_from([image_bytes(), image_bytes("GIF")])))
def test_set_logo_with_any_bytes(world: World, content: bytes) -> None:
    upload = SimpleUploadedFile("logo.png", content, content_type="image/png")
    attempt(lambda: organizations.set_logo(world.owner, world.company, upload))


@hostile
@given(message=texts)
def test_claim_organization_stores_any_message(world: World, message: str) -> None:
    attempt(
        lambda: claims.claim_organization(world.stranger, world.company, message=message),
        lambda claim: assert_reads_back(claim, "message"),
    )


# --- Running a network: messages and ids. ------------------------------------------------------------


@hostile
@given(message=texts)
def test_invitations_and_join_requests_store_any_message(world: World, message: str) -> None:
    def stored(item: NetworkInvitation | NetworkJoinRequest) -> None:
        assert_reads_back(item, "message")
        assert len(item.message) <= network_admin.MESSAGE_LENGTH

    attempt(
        lambda: network_admin.invite_organization(
            actor=world.cluster_admin, network=world.cluster, organization=world.company, message=message
        ),
        stored,
    )
    attempt(
        lambda: network_admin.request_to_join(
            actor=world.owner, network=world.cluster, organization=world.company, message=message
        ),
        stored,
    )
    other = NetworkFactory.create(name="Red Estatal de Alimentos")
    attempt(
        lambda: network_admin.invite_network(
            actor=world.cluster_admin, network=world.cluster, child=other, message=message
        ),
        stored,
    )


@pytest.fixture
def elsewhere(world: World) -> tuple[NetworkInvitation, NetworkJoinRequest]:
    """Another network's invitation to the company, and the company's request to join it."""
    other = NetworkFactory.create(name="Cámara Textil")
    theirs = network_admin.invite_organization(
        actor=make_network_admin(other, "staff@textil.example"), network=other, organization=world.company
    )
    third = NetworkFactory.create(name="Red de Proveedores")
    join = network_admin.request_to_join(actor=world.owner, network=third, organization=world.company)
    return theirs, join


@hostile
@given(data=st.data())
def test_answering_any_invitation_or_request_id(
    world: World, elsewhere: tuple[NetworkInvitation, NetworkJoinRequest], data: st.DataObject
) -> None:
    theirs, join = elsewhere
    pk = data.draw(ids(theirs.pk, join.pk))
    admin = world.cluster_admin
    for call in (
        lambda: network_admin.accept_invitation(actor=admin, invitation_id=pk),
        lambda: network_admin.decline_invitation(actor=admin, invitation_id=pk),
        lambda: network_admin.cancel_invitation(actor=admin, network=world.cluster, invitation_id=pk),
        lambda: network_admin.approve_join_request(actor=admin, network=world.cluster, request_id=pk),
        lambda: network_admin.decline_join_request(actor=admin, network=world.cluster, request_id=pk),
    ):
        assert isinstance(attempt(call), Exception)  # another network's, or nobody's
    assert NetworkInvitation.objects.get(pk=theirs.pk).status == "pending"
    assert NetworkJoinRequest.objects.get(pk=join.pk).status == "pending"


# --- The findings of the adversarial test (issue 10), as regression tests. ----------------------------


def test_verify_with_a_next_that_is_not_a_url_redirects_to_the_profile_and_saves_once(world: World) -> None:
    client = Client()
    client.force_login(platform_admin())
    response = client.post(f"/organizaciones/{world.company.slug}/verificar/", {"next": "foo"})
    assert response.status_code == 302
    assert response["Location"] == f"/organizaciones/{world.company.slug}/"
    assert Organization.objects.get(pk=world.company.pk).is_verified
    assert AuditEntry.objects.filter(action="organization.verified").count() == 1


def test_member_verify_with_a_next_that_is_not_a_url_redirects_to_the_members_and_saves_once(
    world: World,
) -> None:
    client = Client()
    client.force_login(world.cluster_admin)
    url = f"/redes/{world.cluster.slug}/administrar/miembros/{world.member.slug}/verificar/"
    for bad in ("foo", "https://evil.example/", "//evil.example", "/\\evil", "/ok\x00"):
        Organization.objects.filter(pk=world.member.pk).update(is_verified=False)
        response = client.post(url, {"next": bad, "verified": "1"})
        assert response.status_code == 302, bad
        assert response["Location"] == f"/redes/{world.cluster.slug}/administrar/miembros/", bad
        assert Organization.objects.get(pk=world.member.pk).is_verified
    assert AuditEntry.objects.filter(action="organization.verified").count() == 5
    response = client.post(url, {"next": "/redes/?page=2", "verified": "0"})
    assert response["Location"] == "/redes/?page=2"  # a page of this site is where people go back to


def test_the_activity_search_with_a_nul_in_the_chosen_code_answers_options(world: World) -> None:
    client = Client()
    client.force_login(world.owner)
    response = client.get("/organizaciones/registrar/actividades/", {"q": "maquinado", "scian": "33\x002710"})
    assert response.status_code == 200
