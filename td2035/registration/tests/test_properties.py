"""Whatever people send registration's write services (registering, editing a profile, a logo, claiming,
colleague invitations and roles),
the answer is a row that reads back as stored or a refusal; never another exception. See
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
from td2035.networks_admin import services as network_admin
from td2035.registration import claims, invitations, organizations
from td2035.registration.models import Invitation
from td2035.tests.factories import CompanyFactory, NetworkFactory, OrganizationFactory
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
    person,
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
    return make_world(settings, tmp_path)


def make_world(settings: Any, tmp_path: Path) -> World:
    """An organisation with its admin, a cluster with a member and its admin, and a stranger (the
    network admin's property tests use the same world)."""
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


# --- The findings of the adversarial test (issue 10), as regression tests. ----------------------------


def test_verify_with_a_next_that_is_not_a_url_redirects_to_the_profile_and_saves_once(world: World) -> None:
    client = Client()
    client.force_login(platform_admin())
    response = client.post(f"/organizaciones/{world.company.slug}/verificar/", {"next": "foo"})
    assert response.status_code == 302
    assert response["Location"] == f"/organizaciones/{world.company.slug}/"
    assert Organization.objects.get(pk=world.company.pk).is_verified
    assert AuditEntry.objects.filter(action="organization.verified").count() == 1


def test_the_activity_search_with_a_nul_in_the_chosen_code_answers_options(world: World) -> None:
    client = Client()
    client.force_login(world.owner)
    response = client.get("/organizaciones/registrar/actividades/", {"q": "maquinado", "scian": "33\x002710"})
    assert response.status_code == 200


# --- Colleague invitations and roles. -----------------------------------------------------------------


@dataclass
class Office:
    org: Organization
    owner: User  # admin of org
    colleague: User  # member of org
    stranger: User  # admin of another organisation
    theirs: Invitation  # the other organisation's pending invitation


@pytest.fixture
def office() -> Office:
    org = OrganizationFactory.create(name="Tortillería La Esperanza")
    other = OrganizationFactory.create(name="Molino El Sol")
    owner = person("lucia@tortilleria.example")
    colleague = person("pedro@tortilleria.example", full_name="Pedro Ramírez")
    stranger = person("ana@molino.example", full_name="Ana Sol")
    invitations.grant_role(org, owner, "admin")
    invitations.grant_role(org, colleague, "member")
    invitations.grant_role(other, stranger, "admin")
    theirs, _token = invitations.invite_colleague(stranger, other, "nuevo@molino.example")
    return Office(org, owner, colleague, stranger, theirs)


roles = st.one_of(st.sampled_from(["admin", "member"]), texts)
emails = st.one_of(texts, texts.map(lambda t: f"{t}@example.com"), st.just("Nueva@Tortilleria.example "))


@hostile
@given(given_=some_of({"email": emails, "role": roles}))
def test_invite_colleague_stores_what_it_accepts_or_refuses(office: Office, given_: dict[str, str]) -> None:
    values: dict[str, Any] = {"email": "nueva@tortilleria.example", "role": "member"} | given_
    attempt(
        lambda: invitations.invite_colleague(office.owner, office.org, **values),
        lambda made: assert_reads_back(made[0], "email", "role"),
    )


@hostile
@given(token=texts)
def test_accepting_any_invitation_token_is_refused(office: Office, token: str) -> None:
    assert isinstance(attempt(lambda: invitations.accept_invitation(office.colleague, token)), Exception)


@hostile
@given(data=st.data(), role=roles)
def test_revoking_or_changing_any_id(office: Office, data: st.DataObject, role: str) -> None:
    pk = data.draw(ids(office.theirs.pk, office.stranger.pk, office.colleague.pk, office.owner.pk))
    attempt(lambda: invitations.revoke_invitation(office.owner, office.org, pk))
    attempt(lambda: invitations.change_role(office.owner, office.org, pk, role))
    attempt(lambda: invitations.remove_person(office.owner, office.org, pk))
    assert Invitation.objects.get(pk=office.theirs.pk).revoked_at is None  # another organisation's
