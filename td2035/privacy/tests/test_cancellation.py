"""Deleting an account (privacy.cancellation): what happens to the audit log. Regression tests of the
adversarial test's findings."""

import pytest

from td2035.accounts import audit
from td2035.accounts.models import AuditEntry, User
from td2035.privacy import arco, cancellation
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
