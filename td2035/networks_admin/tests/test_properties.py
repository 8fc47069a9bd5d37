"""Whatever people send the services that run a network (invitations, join requests, answers to any id),
the answer is a row that reads back as stored or a refusal; never another exception. See
td2035/tests/hostile.py for the values and the rules every property test here follows."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from td2035.accounts.models import AuditEntry
from td2035.directory.models import Organization
from td2035.networks_admin import services as network_admin
from td2035.networks_admin.models import NetworkInvitation, NetworkJoinRequest
from td2035.registration.tests.test_properties import World, make_world
from td2035.tests.factories import NetworkFactory
from td2035.tests.hostile import assert_reads_back, attempt, hostile, ids, texts
from td2035.tests.people import network_admin as make_network_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings: Any, tmp_path: Path) -> World:
    return make_world(settings, tmp_path)


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


# --- The findings of the adversarial test (issue 10), as a regression test. ---------------------------


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
