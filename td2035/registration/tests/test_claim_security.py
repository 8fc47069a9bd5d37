"""Who decides a claim to administer an organisation (issue 10, finding 1).

The network admin of Vórtice claimed a member organisation that already had an admin and approved the
claim themself, which made them its admin. Now nobody decides their own claim; an organisation that has
admins decides claims on itself (a platform admin may override, audited); network admins decide only for
organisations that nobody administers yet; current admins hear of every approval and of every new claim.
"""

import smtplib
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from td2035.accounts.models import AuditEntry, User
from td2035.directory.models import Organization, Source
from td2035.directory.services import DirectoryError
from td2035.registration import claims
from td2035.registration import queries as registration_queries
from td2035.registration.claims import ClaimAuthority, can_decide_claim, claim_authority
from td2035.registration.models import Claim
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


@dataclass
class World:
    member: Organization  # a member of Vórtice that its owner administers
    orphan: Organization  # a DENUE import in Vórtice that nobody administers yet
    owner: User  # admin of `member`
    employee: User  # a member (not admin) of `member`
    vortice_admin: User  # runs Vórtice
    coordination_admin: User  # runs the network above Vórtice
    boss: User  # a platform admin


@pytest.fixture
def world() -> World:
    member = OrganizationFactory.create(name="Software del Bajío")
    orphan = OrganizationFactory.create(
        name="TALLER MECANICO HERNANDEZ", legal_name="", source=Source.DENUE, denue_id="9021"
    )
    coordination = NetworkFactory.create(name="Coordinación TD2035")
    vortice = NetworkFactory.create(
        name="Vórtice IT Clúster Querétaro", members=[member, orphan], parent=coordination
    )
    return World(
        member=member,
        orphan=orphan,
        owner=admin_of(member, email="duena@softwarebajio.example"),
        employee=member_of(member, email="empleado@softwarebajio.example"),
        vortice_admin=network_admin(vortice, "red.vortice@td2035.example"),
        coordination_admin=network_admin(coordination, "admin@coordinacion.example"),
        boss=platform_admin(),
    )


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def decision_entry(claim: Claim) -> AuditEntry:
    return AuditEntry.objects.get(action__in=["claim.approved", "claim.rejected"], data__claim=claim.pk)


def html_part(message: Any) -> str:
    return str(message.alternatives[0][0])


def flags(claim: Claim, *names: str) -> tuple[bool, ...]:
    """The annotations registration_queries.claims_to_decide puts on each claim."""
    return tuple(bool(getattr(claim, name)) for name in names)


def signed_in(user: User, **client_options: Any) -> Client:
    client = Client(**client_options)
    assert client.login(email=user.email, password=PASSWORD)
    return client


def assert_untouched(claim: Claim, org: Organization, verified: bool = False) -> None:
    claim.refresh_from_db()
    org.refresh_from_db()
    assert claim.status == Claim.Status.PENDING and claim.decided_by is None
    assert not OrganizationRole.objects.filter(organization=org, user=claim.user).exists()
    assert org.is_verified == verified


# --- The takeover ------------------------------------------------------------------------------------


def test_a_network_admin_cannot_approve_their_own_claim_on_a_member_with_an_admin(world: World) -> None:
    claim = claims.claim_organization(world.vortice_admin, world.member, message="Soy la red.")

    for decide in (claims.approve_claim, claims.reject_claim):
        with pytest.raises(PermissionDenied):
            decide(world.vortice_admin, claim.pk)

    assert_untouched(claim, world.member)
    assert actions() == ["organization.claimed"]
    assert claim not in registration_queries.claims_to_decide(world.vortice_admin)


def test_the_takeover_by_pages_is_a_403_and_changes_nothing(world: World) -> None:
    client = signed_in(world.vortice_admin)
    sent = client.post(f"/organizaciones/{world.member.slug}/reclamar/", {"message": "Hola", "confirm": "on"})
    assert sent.status_code == 302
    claim = Claim.objects.get(user=world.vortice_admin)

    approved = client.post(f"/organizaciones/verificacion/{claim.pk}/aprobar/")

    assert approved.status_code == 403
    assert "propia solicitud" in approved.content.decode()
    assert_untouched(claim, world.member)
    assert client.get(f"/organizaciones/{world.member.slug}/personas/").status_code == 403


# --- Nobody decides their own claim --------------------------------------------------------------------


def test_a_platform_admin_cannot_decide_their_own_claim(world: World) -> None:
    claim = claims.claim_organization(world.boss, world.orphan)
    with pytest.raises(PermissionDenied, match="propia solicitud"):
        claims.approve_claim(world.boss, claim.pk)
    with pytest.raises(PermissionDenied):
        claims.reject_claim(world.boss, claim.pk)
    assert_untouched(claim, world.orphan)
    assert claim not in registration_queries.claims_to_decide(world.boss)

    claims.approve_claim(platform_admin("otra@td2035.example"), claim.pk)  # another one may
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED


def test_a_network_admins_own_claim_on_an_orphan_goes_to_someone_else(world: World) -> None:
    claim = claims.claim_organization(world.vortice_admin, world.orphan)
    with pytest.raises(PermissionDenied, match="propia solicitud"):
        claims.approve_claim(world.vortice_admin, claim.pk)
    assert_untouched(claim, world.orphan)

    claims.approve_claim(world.coordination_admin, claim.pk)  # the network above decides

    claim.refresh_from_db()
    world.orphan.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.decided_by == world.coordination_admin
    assert world.orphan.is_verified
    assert decision_entry(claim).data["decided_as"] == ClaimAuthority.NETWORK


# --- An organisation with admins decides claims on itself ----------------------------------------------


def test_org_admins_accept_a_claim_without_verifying_their_own_organisation(world: World) -> None:
    claimant = make_user("cto@softwarebajio.example")
    claim = claims.claim_organization(claimant, world.member, message="Soy el nuevo CTO.")
    assert claim_authority(world.owner, claim) == ClaimAuthority.ORGANIZATION

    claims.approve_claim(world.owner, claim.pk)

    claim.refresh_from_db()
    world.member.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.decided_by == world.owner
    assert OrganizationRole.objects.get(organization=world.member, user=claimant).role == "admin"
    assert not world.member.is_verified  # an organisation does not vouch for itself
    entry = decision_entry(claim)
    assert entry.actor == world.owner
    assert entry.data == {
        "claim": claim.pk,
        "user": claimant.email,
        "decided_as": "organization",
        "override": False,
    }


def test_org_admins_refuse_a_claim(world: World) -> None:
    claim = claims.claim_organization(make_user("intruso@example.com"), world.member)
    claims.reject_claim(world.owner, claim.pk)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REJECTED and claim.decided_by == world.owner
    assert not OrganizationRole.objects.filter(organization=world.member, user=claim.user).exists()
    assert actions() == ["organization.claimed", "claim.rejected"]


def test_members_and_other_organisations_admins_cannot_decide(world: World) -> None:
    claim = claims.claim_organization(make_user("intruso@example.com"), world.member)
    stranger_admin = admin_of(OrganizationFactory.create(name="Otra empresa"))
    for person in (world.employee, stranger_admin, make_user("nadie@example.com"), AnonymousUser()):
        with pytest.raises(PermissionDenied):
            claims.approve_claim(person, claim.pk)
    assert_untouched(claim, world.member)


def test_a_platform_admin_override_is_audited_as_one(world: World) -> None:
    approved = claims.claim_organization(make_user("gerente@softwarebajio.example"), world.member)
    rejected = claims.claim_organization(make_user("intruso@example.com"), world.member)
    assert claim_authority(world.boss, approved) == ClaimAuthority.OVERRIDE

    claims.approve_claim(world.boss, approved.pk)
    claims.reject_claim(world.boss, rejected.pk)

    for claim in (approved, rejected):
        entry = decision_entry(claim)
        assert entry.actor == world.boss
        assert entry.data["override"] is True and entry.data["decided_as"] == "override"
    approved.refresh_from_db()
    assert approved.status == Claim.Status.APPROVED and approved.decided_by == world.boss


def test_a_platform_admin_deciding_for_an_organisation_without_admins_is_no_override(world: World) -> None:
    claim = claims.claim_organization(make_user("gerente@taller.example"), world.orphan)
    claims.approve_claim(world.boss, claim.pk)
    entry = decision_entry(claim)
    assert entry.data["override"] is False and entry.data["decided_as"] == "platform"


# --- Network admins decide only where nobody administers yet ---------------------------------------------


def test_network_admins_cannot_decide_claims_on_an_organisation_that_has_admins(world: World) -> None:
    claim = claims.claim_organization(make_user("gerente@softwarebajio.example"), world.member)
    for network_person in (world.vortice_admin, world.coordination_admin):
        with pytest.raises(PermissionDenied, match="ya tiene administradores"):
            claims.approve_claim(network_person, claim.pk)
        with pytest.raises(PermissionDenied):
            claims.reject_claim(network_person, claim.pk)
    assert_untouched(claim, world.member)


def test_network_admins_decide_claims_on_an_organisation_nobody_administers(world: World) -> None:
    first = claims.claim_organization(make_user("gerente@taller.example"), world.orphan)
    second = claims.claim_organization(make_user("otro@taller.example"), world.orphan)

    claims.approve_claim(world.vortice_admin, first.pk)

    world.orphan.refresh_from_db()
    assert world.orphan.is_verified
    assert OrganizationRole.objects.get(organization=world.orphan, user=first.user).role == "admin"
    # the organisation has an admin now: the other claim is theirs to decide, no longer the network's
    with pytest.raises(PermissionDenied):
        claims.reject_claim(world.vortice_admin, second.pk)
    claims.reject_claim(first.user, second.pk)
    second.refresh_from_db()
    assert second.status == Claim.Status.REJECTED


def test_a_deactivated_admin_no_longer_holds_the_decision(world: World) -> None:
    claim = claims.claim_organization(make_user("gerente@softwarebajio.example"), world.member)
    User.objects.filter(pk=world.owner.pk).update(is_active=False)
    assert can_decide_claim(world.vortice_admin, claim)
    claims.approve_claim(world.vortice_admin, claim.pk)
    assert decision_entry(claim).data["decided_as"] == "network"


# --- E-mails to the current admins -------------------------------------------------------------------------


def test_current_admins_but_the_decider_hear_of_an_approval(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    co_admin = admin_of(world.member, email="socia@softwarebajio.example")
    claimant = make_user("gerente@softwarebajio.example")
    claim = claims.claim_organization(claimant, world.member)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        claims.approve_claim(world.owner, claim.pk)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {claimant.email, co_admin.email}  # not the decider, not the employee
    told = by_recipient[co_admin.email]
    body = str(told.body)
    assert "Software del Bajío" in told.subject and claimant.email in told.subject
    assert claimant.email in body and world.owner.email in body
    assert f"/organizaciones/{world.member.slug}/personas/" in body
    assert "Coordinación TD2035 en lugar" not in body
    html = html_part(told)
    assert claimant.email in html and f"/organizaciones/{world.member.slug}/personas/" in html


def test_an_override_approval_tells_every_current_admin_it_was_an_override(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    co_admin = admin_of(world.member, email="socia@softwarebajio.example")
    claim = claims.claim_organization(make_user("gerente@softwarebajio.example"), world.member)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        claims.approve_claim(world.boss, claim.pk)

    admins_told = sorted(m.to[0] for m in mail.outbox if m.to[0] != claim.user.email)
    assert admins_told == sorted([world.owner.email, co_admin.email])
    for message in mail.outbox:
        if message.to[0] != claim.user.email:
            assert "Coordinación TD2035 en lugar" in str(message.body)
            assert world.boss.email in str(message.body)


def test_a_rejection_or_an_approval_on_an_organisation_without_admins_mails_only_the_claimant(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    claim = claims.claim_organization(make_user("gerente@taller.example"), world.orphan)
    refused = claims.claim_organization(make_user("intruso@example.com"), world.member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        claims.approve_claim(world.vortice_admin, claim.pk)
    with django_capture_on_commit_callbacks(execute=True):
        claims.reject_claim(world.owner, refused.pk)
    assert [m.to for m in mail.outbox] == [["gerente@taller.example"], ["intruso@example.com"]]


def test_a_new_claim_on_an_organisation_with_admins_is_announced_to_them(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    co_admin = admin_of(world.member, email="socia@softwarebajio.example")
    with django_capture_on_commit_callbacks(execute=True):
        claims.claim_organization(
            make_user("gerente@softwarebajio.example"), world.member, message="Soy <b>gerente</b>."
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.owner.email, co_admin.email])
    body = str(mail.outbox[0].body)
    assert "gerente@softwarebajio.example" in body and "Soy gerente." in body
    assert f"/organizaciones/{world.member.slug}/personas/" in body
    assert "<b>" not in html_part(mail.outbox[0])

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        claims.claim_organization(make_user("gerente@taller.example"), world.orphan)
    assert mail.outbox == []  # nobody administers it: the network's queue has it


def test_a_mail_failure_is_only_logged(
    world: World, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise smtplib.SMTPException("down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        claim = claims.claim_organization(make_user("gerente@softwarebajio.example"), world.member)
    with django_capture_on_commit_callbacks(execute=True):
        claims.approve_claim(world.owner, claim.pk)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert "could not send" in caplog.text


def test_claims_per_person_are_limited_per_day(world: World) -> None:
    person = make_user("prisa@example.com")
    orgs = [OrganizationFactory.create(name=f"Empresa {n}") for n in range(claims.MAX_CLAIMS_PER_DAY + 1)]
    for org in orgs[:-1]:
        claims.claim_organization(person, org)
    with pytest.raises(DirectoryError):
        claims.claim_organization(person, orgs[-1])
    assert Claim.objects.filter(user=person).count() == claims.MAX_CLAIMS_PER_DAY


@pytest.mark.django_db(transaction=True)
def test_parallel_claims_on_different_organisations_keep_the_daily_limit() -> None:
    """30 claims at once used to pass the count on PostgreSQL (found by the adversarial test)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    person = make_user("prisa@example.com")
    orgs = [OrganizationFactory.create(name=f"Empresa {n}") for n in range(16)]

    def claim(org: Organization) -> bool:
        try:
            claims.claim_organization(person, org)
            return True
        except DirectoryError:
            return False
        finally:
            connection.close()

    # SQLite's in-memory test database cannot wait for a lock between connections: there they take turns.
    workers = 8 if connection.vendor == "postgresql" else 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(claim, orgs))
    assert results.count(True) == claims.MAX_CLAIMS_PER_DAY
    assert Claim.objects.filter(user=person).count() == claims.MAX_CLAIMS_PER_DAY


# --- The queue -----------------------------------------------------------------------------------------


def test_the_queue_lists_exactly_the_claims_each_person_may_decide(world: World) -> None:
    on_member = claims.claim_organization(make_user("gerente@softwarebajio.example"), world.member)
    on_orphan = claims.claim_organization(make_user("gerente@taller.example"), world.orphan)
    own_on_member = claims.claim_organization(world.vortice_admin, world.member)
    own_on_orphan = claims.claim_organization(world.boss, world.orphan)
    outside = claims.claim_organization(
        make_user("alguien@example.com"), OrganizationFactory.create(name="Fuera de toda red")
    )
    expected = {
        world.owner: {on_member, own_on_member},
        world.employee: set(),
        world.vortice_admin: {on_orphan, own_on_orphan},
        world.coordination_admin: {on_orphan, own_on_orphan},
        world.boss: {on_member, on_orphan, own_on_member, outside},
        on_member.user: set(),
    }
    every = [on_member, on_orphan, own_on_member, own_on_orphan, outside]
    for person, decidable in expected.items():
        assert set(registration_queries.claims_to_decide(person)) == decidable, person
        assert {c for c in every if can_decide_claim(person, c)} == decidable, person  # the same rule
    assert not registration_queries.claims_to_decide(AnonymousUser()).exists()

    names = ("has_admins", "by_admin", "is_override")
    as_boss = {c.pk: flags(c, *names) for c in registration_queries.claims_to_decide(world.boss)}
    assert as_boss[on_member.pk] == (True, False, True)
    assert as_boss[on_orphan.pk] == (False, False, False)
    as_owner = {c.pk: flags(c, *names) for c in registration_queries.claims_to_decide(world.owner)}
    assert as_owner[on_member.pk] == (True, True, False)


def test_decided_claims_leave_the_queue(world: World) -> None:
    claim = claims.claim_organization(make_user("gerente@softwarebajio.example"), world.member)
    claims.reject_claim(world.owner, claim.pk)
    assert not registration_queries.claims_to_decide(world.owner).exists()
    assert not registration_queries.claims_to_decide(world.boss).exists()


# --- Pages ---------------------------------------------------------------------------------------------


def test_org_admins_accept_from_the_people_page_with_csrf(world: World) -> None:
    claim = claims.claim_organization(make_user("gerente@softwarebajio.example"), world.member)
    client = signed_in(world.owner, enforce_csrf_checks=True)
    people_url = f"/organizaciones/{world.member.slug}/personas/"
    page = client.get(people_url)
    html = page.content.decode()
    assert 'id="claims"' in html and "gerente@softwarebajio.example" in html
    assert f'action="/organizaciones/verificacion/{claim.pk}/aprobar/"' in html
    assert f'action="/organizaciones/verificacion/{claim.pk}/rechazar/"' in html

    url = f"/organizaciones/verificacion/{claim.pk}/aprobar/"
    assert client.post(url, {"next": people_url}).status_code == 403  # no CSRF token
    assert_untouched(claim, world.member)
    token = page.cookies["csrftoken"].value
    accepted = client.post(url, {"next": people_url, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302 and accepted["Location"] == people_url
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert "ahora también administra" in client.get(people_url).content.decode()


def test_org_admins_without_a_network_open_the_queue_and_see_their_claims(world: World) -> None:
    claim = claims.claim_organization(make_user("gerente@softwarebajio.example"), world.member)
    claims.claim_organization(make_user("gerente@taller.example"), world.orphan)
    client = signed_in(world.owner)
    queue = client.get("/organizaciones/verificacion/")
    assert queue.status_code == 200
    html = queue.content.decode()
    assert "gerente@softwarebajio.example" in html and "gerente@taller.example" not in html
    assert 'id="unverified"' not in html and "Aceptar" in html
    assert f"/organizaciones/verificacion/{claim.pk}/aprobar/" in html
    mine = client.get("/cuenta/organizaciones/").content.decode()
    assert 'id="claims-to-decide"' in mine

    assert signed_in(world.employee).get("/organizaciones/verificacion/").status_code == 403


def test_the_queue_tells_a_platform_admin_that_approving_is_an_override(world: World) -> None:
    claims.claim_organization(make_user("gerente@softwarebajio.example"), world.member)
    claims.claim_organization(make_user("gerente@taller.example"), world.orphan)
    html = signed_in(world.boss).get("/organizaciones/verificacion/").content.decode()
    assert html.count("override-warning") == 1
    assert "ya tiene administradores" in html and "decides en su lugar" in html
    assert "Aprobar en lugar de sus administradores" in html and "Aprobar y verificar" in html


def test_the_claimant_sees_who_will_decide(world: World) -> None:
    claimant = make_user("gerente@softwarebajio.example")
    client = signed_in(claimant)
    to_admins = client.get(f"/organizaciones/{world.member.slug}/reclamar/").content.decode()
    assert "los administradores actuales de la organización" in to_admins
    to_network = client.get(f"/organizaciones/{world.orphan.slug}/reclamar/").content.decode()
    assert "la red a la que pertenece" in to_network
    assert "los administradores actuales" not in to_network

    client.post(f"/organizaciones/{world.member.slug}/reclamar/", {"message": "Hola", "confirm": "on"})
    pending = client.get(f"/organizaciones/{world.member.slug}/reclamar/").content.decode()
    assert 'id="claim-pending"' in pending and "los administradores actuales de la organización" in pending
    mine = client.get("/cuenta/organizaciones/").content.decode()
    assert "la revisarán los administradores actuales de la organización" in mine


def test_decisions_by_pages_answer_403_or_404_never_500(world: World) -> None:
    claim = claims.claim_organization(make_user("gerente@softwarebajio.example"), world.member)
    for person in (world.vortice_admin, world.coordination_admin, world.employee):
        client = signed_in(person)
        client.raise_request_exception = False
        for decision in ("aprobar", "rechazar"):
            assert client.post(f"/organizaciones/verificacion/{claim.pk}/{decision}/").status_code == 403
    network = signed_in(world.vortice_admin)
    refused = network.post(f"/organizaciones/verificacion/{claim.pk}/aprobar/")
    assert "ya tiene administradores" in refused.content.decode()
    assert network.post("/organizaciones/verificacion/999999/aprobar/").status_code == 404
    assert network.post(f"/organizaciones/verificacion/{claim.pk}/anular/").status_code == 404
    assert_untouched(claim, world.member)

    owner = signed_in(world.owner)
    assert owner.post(f"/organizaciones/verificacion/{claim.pk}/rechazar/").status_code == 302
    again = owner.post(f"/organizaciones/verificacion/{claim.pk}/aprobar/", follow=True)
    assert again.status_code == 200 and "ya se resolvió" in again.content.decode()


def test_no_api_endpoint_exposes_claims(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert not [p for p in paths if "claim" in p.lower() or "reclam" in p.lower()]


# --- Any message is an answer, never an error ----------------------------------------------------------

any_character = st.one_of(
    st.characters(categories=["Cs"]),  # lone surrogates
    st.characters(categories=["Cc", "Cf"]),  # NUL, other controls, RTL and other format marks
    st.characters(),
)
messages = st.one_of(
    st.text(),
    st.lists(any_character, max_size=300).map("".join),
    st.sampled_from(["\ud800", "a\x00b", "\u202eRTL\u202c \u200f", "\x00" * 50, "x" * 100_000]),
    st.builds(lambda a, b: a + "\ud800\x00\u202e" + b, st.text(max_size=50), st.text(max_size=50)),
)


class _Undo(Exception):
    """Roll one example back, so that every example starts from the same database."""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(message=messages)
def test_any_claim_message_is_stored_as_text_or_refused(world: World, message: str) -> None:
    claimant = User.objects.get_or_create(email="hipotesis@example.com")[0]
    try:
        with transaction.atomic():
            claim = claims.claim_organization(claimant, world.member, message=message)
            stored = Claim.objects.get(pk=claim.pk).message
            assert len(stored) <= claims.MAX_CLAIM_MESSAGE
            assert "\x00" not in stored
            assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in stored)
            stored.encode("utf-8")
            raise _Undo
    except (_Undo, DirectoryError, PermissionDenied, ValidationError):
        pass


def test_a_claimant_is_told_who_will_review_and_the_queue_explains_a_missing_own_claim(world: World) -> None:
    """The claim page names who really decides (review at 390 px: a network admin's own claim said "the
    network decides" although she was its only admin, and her queue was silently empty)."""
    stranger = make_user("gerente@taller.example")
    page = signed_in(stranger).get(f"/organizaciones/{world.orphan.slug}/reclamar/").content.decode()
    assert "los administradores de la red" in page
    claims.claim_organization(world.vortice_admin, world.orphan)
    client = signed_in(world.vortice_admin)
    queue = client.get("/organizaciones/verificacion/").content.decode()
    assert 'id="own-claims-note"' in queue
