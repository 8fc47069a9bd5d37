"""Deleting an account (privacy.cancellation): what happens to the audit log, the person's pending
claims and the invitations to them. Regression tests of the adversarial test's findings."""

import pytest

from td2035.accounts import audit
from td2035.accounts.models import AuditEntry, User
from td2035.directory.services import DirectoryError
from td2035.privacy import arco, cancellation
from td2035.registration import claims, invitations
from td2035.registration.models import Claim, Invitation
from td2035.tests.factories import OrganizationFactory
from td2035.tests.people import admin_of, person, reauthenticate, signed_in

pytestmark = pytest.mark.django_db

EMAIL = "lucia@tortilleria.example"


def delete_through_the_pages(user: User, *, name: str | None = None) -> None:
    """As the person does it: optionally set a name (POST /cuenta/), then delete after confirming the
    password again."""
    client = signed_in(user)
    if name is not None:
        assert client.post("/cuenta/", {"full_name": name}).status_code == 302
        assert User.objects.get(pk=user.pk).full_name == name
    reauthenticate(client)
    assert client.post("/cuenta/privacidad/eliminar/", {"confirm": "on"}).status_code == 302
    assert not User.objects.get(pk=user.pk).is_active


def snapshot(entry: AuditEntry) -> tuple[str, str, object]:
    entry.refresh_from_db()
    return (entry.actor_label, entry.target_label, entry.data)


@pytest.mark.parametrize("name", ["@", "a", "uno", "Tortillería La Esperanza"])
def test_a_deletion_leaves_other_peoples_audit_entries_alone(name: str) -> None:
    org = OrganizationFactory.create(name="Tortillería La Esperanza")
    admin = admin_of(org, email="admin@laesperanza.example")
    others = [
        audit.record(admin, "invitation.created", org, data={"email": "uno@a.example", "role": "member"}),
        audit.record(admin, "organization.updated", org, data={"fields": ["name", "description"]}),
        audit.record(admin, "note", org, data={"text": f"Hablé con {name} sobre la masa"}),
    ]
    before = [snapshot(e) for e in others]
    user = person(EMAIL)

    delete_through_the_pages(user, name=name)

    assert [snapshot(e) for e in others] == before


def test_other_peoples_entries_lose_only_values_that_are_the_persons_address() -> None:
    org = OrganizationFactory.create(name="Tortillería La Esperanza")
    admin = admin_of(org, email="admin@laesperanza.example")
    user = person(EMAIL, full_name="Lucía Hernández")
    sent = audit.record(admin, "invitation.created", org, data={"email": "LUCIA@tortilleria.example"})
    named = audit.record(
        admin, "claim.note", org, data={"who": "lucía hernández", "why": "Lucía Hernández pidió"}
    )
    reference = arco.reference_for(user)

    delete_through_the_pages(user)

    sent.refresh_from_db()
    named.refresh_from_db()
    assert sent.data == {"email": reference} and sent.actor_label == "admin@laesperanza.example"
    assert named.data == {"who": reference, "why": "Lucía Hernández pidió"}, "other people's text is theirs"


def test_entries_about_the_person_are_scrubbed_even_when_lower_changes_the_length() -> None:
    """ "İ".lower() is two characters: the old replacement cut the text in the wrong places."""
    user = person(EMAIL, full_name="Lucía Hernández")
    staff = person("coordinacion@td2035.example", is_platform_admin=True)
    text = f"İSTANBUL İİ: escribió {EMAIL.upper()}, y Lucía Hernández firmó (lucía hernándezz no)."
    about = audit.record(staff, "role.change", user, data={"note": text, "list": [EMAIL, 3]})
    reference = arco.reference_for(user)

    cancellation.delete_account(actor=user, user=user)

    about.refresh_from_db()
    assert about.target_label == reference
    assert about.data == {
        "note": f"İSTANBUL İİ: escribió {reference}, y {reference} firmó (lucía hernándezz no).",
        "list": [reference, 3],
    }


def test_a_deletion_withdraws_the_persons_pending_claims_and_they_cannot_be_approved() -> None:
    org = OrganizationFactory.create(name="Tortillería La Esperanza")
    admin = admin_of(org, email="admin@laesperanza.example")
    user = person(EMAIL)
    claim = claims.claim_organization(user, org, message="Soy la dueña, Lucía, tel. 442 123 4567")

    delete_through_the_pages(user)

    claim.refresh_from_db()
    assert claim.status == Claim.Status.REJECTED and claim.message == "" and claim.decided_by is None
    withdrawn = AuditEntry.objects.get(action="claim.withdrawn")
    assert withdrawn.data == {"claim": claim.pk, "reason": "account_deleted"}
    with pytest.raises(DirectoryError):
        claims.approve_claim(admin, claim.pk)
    assert not User.objects.get(pk=user.pk).organization_roles.exists()


def test_a_claim_of_an_inactive_account_cannot_be_decided() -> None:
    org = OrganizationFactory.create(name="Tortillería La Esperanza")
    admin = admin_of(org, email="admin@laesperanza.example")
    user = person(EMAIL)
    claim = claims.claim_organization(user, org, message="Soy la dueña.")
    User.objects.filter(pk=user.pk).update(is_active=False)

    for decide in (claims.approve_claim, claims.reject_claim):
        with pytest.raises(DirectoryError) as refused:
            decide(admin, claim.pk)
        assert "no longer active" in refused.value.message and "ya no está activa" in refused.value.message
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
    assert not user.organization_roles.exists()


def test_a_deletion_revokes_the_invitations_to_the_person() -> None:
    org = OrganizationFactory.create(name="Tortillería La Esperanza")
    admin = admin_of(org, email="admin@laesperanza.example")
    user = person(EMAIL)
    pending, token = invitations.invite_colleague(admin, org, "Lucia@Tortilleria.example")
    someone_else, _ = invitations.invite_colleague(admin, org, "otra@tortilleria.example")

    delete_through_the_pages(user)

    pending.refresh_from_db()
    someone_else.refresh_from_db()
    anonymised = User.objects.get(pk=user.pk)
    assert pending.revoked_at is not None and pending.email == anonymised.email
    assert someone_else.revoked_at is None and someone_else.email == "otra@tortilleria.example"
    assert invitations.problem(invitations.invitation_for_token(token))
    revoked = AuditEntry.objects.get(action="invitation.revoked")
    assert revoked.data == {"email": arco.reference_for(user), "reason": "account_deleted"}
    assert not Invitation.objects.filter(email__iexact=EMAIL).exists()


def test_an_invitation_link_to_a_deleted_person_opens_nothing() -> None:
    org = OrganizationFactory.create(name="Tortillería La Esperanza")
    admin = admin_of(org, email="admin@laesperanza.example")
    user = person(EMAIL)
    _invitation, token = invitations.invite_colleague(admin, org, EMAIL)
    delete_through_the_pages(user)

    newcomer = person(EMAIL, full_name="Otra Lucía")  # someone signs up again with the address
    with pytest.raises(invitations.InvitationError):
        invitations.accept_invitation(newcomer, token)
    assert not newcomer.organization_roles.exists()
