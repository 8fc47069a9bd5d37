"""Colleague invitations (single-use hashed tokens that expire), role changes and removal."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from td2035.accounts.models import AuditEntry
from td2035.registration import invitations
from td2035.registration.invitations import InvitationError, InvitationNotFound
from td2035.registration.models import Invitation
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
LINK = re.compile(r"https?://[^\s\"<]+/invitaciones/([A-Za-z0-9_-]+)/")


@pytest.fixture
def org():
    return OrganizationFactory.create(name="Tortillería La Esperanza")


def link_token(message: mail.EmailMessage) -> str:
    match = LINK.search(str(message.body))
    assert match, message.body
    return match.group(1)


def test_an_invitation_mails_a_single_use_link_and_stores_only_its_hash(org) -> None:
    owner = admin_of(org, email="duena@tortilleria.example")
    invitation, token = invitations.invite_colleague(owner, org, " Colega@Tortilleria.Example ", "member")

    assert invitation.email == "colega@tortilleria.example"
    assert invitation.token_hash == invitations.hash_token(token) and token not in invitation.token_hash
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert invitation.expires_at - timezone.now() > timedelta(days=6)
    (message,) = mail.outbox
    assert message.to == ["colega@tortilleria.example"]
    assert "Tortillería La Esperanza" in message.subject
    assert link_token(message) == token
    html, mimetype = message.alternatives[0]  # type: ignore[attr-defined]
    assert mimetype == "text/html" and token in str(html)
    assert AuditEntry.objects.get().data == {"email": "colega@tortilleria.example", "role": "member"}


def test_accepting_joins_once_and_a_reused_link_is_refused(org) -> None:
    _invitation, token = invitations.invite_colleague(admin_of(org), org, "colega@example.com", "admin")
    colleague = make_user("colega@example.com")

    role = invitations.accept_invitation(colleague, token)

    assert role.role == "admin" and role.organization == org
    with pytest.raises(InvitationError, match="ya se usó"):
        invitations.accept_invitation(colleague, token)
    assert OrganizationRole.objects.filter(organization=org).count() == 2
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "invitation.created",
        "invitation.accepted",
    ]


def test_an_expired_link_is_refused(org) -> None:
    invitation, token = invitations.invite_colleague(admin_of(org), org, "colega@example.com")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(InvitationError, match="venció"):
        invitations.accept_invitation(make_user("colega@example.com"), token)
    assert not OrganizationRole.objects.filter(user__email="colega@example.com").exists()


def test_a_link_works_only_for_the_invited_address(org) -> None:
    _invitation, token = invitations.invite_colleague(admin_of(org), org, "colega@example.com")
    with pytest.raises(InvitationError, match=r"colega@example\.com"):
        invitations.accept_invitation(make_user("otra@example.com"), token)
    invitation = Invitation.objects.get()
    assert invitation.used_at is None  # still usable by the right person


@pytest.mark.parametrize("token", ["", "x", "a" * 43, "a" * 5000, "../../etc/passwd"])
def test_unknown_tokens_are_refused(token: str) -> None:
    with pytest.raises(InvitationError, match="no es válido"):
        invitations.accept_invitation(make_user("colega@example.com"), token)


def test_a_revoked_invitation_cannot_be_used(org) -> None:
    admin = admin_of(org)
    invitation, token = invitations.invite_colleague(admin, org, "colega@example.com")
    invitations.revoke_invitation(admin, org, invitation.pk)
    with pytest.raises(InvitationError, match="cancelada"):
        invitations.accept_invitation(make_user("colega@example.com"), token)
    with pytest.raises(InvitationNotFound):
        invitations.revoke_invitation(admin, org, invitation.pk)


def test_only_org_admins_invite(org) -> None:
    outsiders = [
        member_of(org),
        admin_of(OrganizationFactory.create(name="Otra")),
        network_admin(NetworkFactory.create(members=[org])),
    ]
    for person in outsiders:
        with pytest.raises(PermissionDenied):
            invitations.invite_colleague(person, org, "colega@example.com")
    assert not Invitation.objects.exists() and mail.outbox == []
    invitations.invite_colleague(platform_admin(), org, "colega@example.com")
    assert len(mail.outbox) == 1


def test_bad_invitations_explain_themselves(org) -> None:
    admin = admin_of(org)
    member_of(org, make_user("ya@example.com"))
    with pytest.raises(InvitationError) as bad_email:
        invitations.invite_colleague(admin, org, "no es correo")
    with pytest.raises(InvitationError, match="ya forma parte"):
        invitations.invite_colleague(admin, org, "YA@example.com")
    with pytest.raises(InvitationError):
        invitations.invite_colleague(admin, org, "colega@example.com", "owner")
    assert bad_email.value.field == "email"
    assert not Invitation.objects.exists()


def test_a_mail_failure_is_a_clear_error_and_no_invitation(org, monkeypatch: pytest.MonkeyPatch) -> None:
    import smtplib

    def refuse(*args: object, **kwargs: object) -> None:
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(invitations, "send_invitation", refuse)
    with pytest.raises(InvitationError, match="No pudimos enviar"):
        invitations.invite_colleague(admin_of(org), org, "colega@example.com")
    assert not Invitation.objects.exists()


def test_invitations_per_day_are_limited(org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(invitations, "MAX_INVITATIONS_PER_DAY", 2)
    admin = admin_of(org)
    invitations.invite_colleague(admin, org, "a@example.com")
    invitations.invite_colleague(admin, org, "b@example.com")
    with pytest.raises(InvitationError, match="Demasiadas"):
        invitations.invite_colleague(admin, org, "c@example.com")
    assert len(mail.outbox) == 2


# --- Roles and removal -----------------------------------------------------------------------------


def test_change_role_is_audited_and_keeps_an_admin(org) -> None:
    first = admin_of(org, email="primera@example.com")
    second = member_of(org, email="segunda@example.com")

    invitations.change_role(first, org, second, "admin")
    invitations.change_role(second, org, first, "member")
    with pytest.raises(InvitationError, match="al menos una persona"):
        invitations.change_role(second, org, second, "member")

    roles = dict(OrganizationRole.objects.filter(organization=org).values_list("user__email", "role"))
    assert roles == {"primera@example.com": "member", "segunda@example.com": "admin"}
    changes = AuditEntry.objects.filter(action="organization.role_changed").order_by("pk")
    assert [e.data for e in changes] == [
        {"user": "segunda@example.com", "from": "member", "to": "admin"},
        {"user": "primera@example.com", "from": "admin", "to": "member"},
    ]


def test_remove_person_keeps_the_last_admin_and_lets_people_leave(org) -> None:
    admin = admin_of(org)
    member = member_of(org)
    with pytest.raises(InvitationError, match="al menos una persona"):
        invitations.remove_person(admin, org, admin)
    with pytest.raises(PermissionDenied):
        invitations.remove_person(member, org, admin)  # a member cannot remove others
    invitations.remove_person(member, org, member)  # but may leave
    assert list(OrganizationRole.objects.filter(organization=org).values_list("user", flat=True)) == [
        admin.pk
    ]
    assert AuditEntry.objects.get(action="organization.person_removed").data["user"] == member.email


def test_roles_of_another_organisation_are_not_found_here(org) -> None:
    other = OrganizationFactory.create(name="Otra")
    stranger = member_of(other)
    admin = admin_of(org)
    with pytest.raises(InvitationNotFound):
        invitations.remove_person(admin, org, stranger)
    with pytest.raises(InvitationNotFound):
        invitations.change_role(admin, org, stranger, "admin")
    assert OrganizationRole.objects.get(user=stranger).role == "member"


# --- The invitation page ---------------------------------------------------------------------------


def sign_in(client: Client, email: str) -> None:
    assert client.login(email=email, password=PASSWORD)


def test_the_invitation_page_asks_visitors_to_sign_in_then_joins(client: Client, org) -> None:
    _invitation, token = invitations.invite_colleague(admin_of(org), org, "colega@example.com", request=None)
    url = f"/invitaciones/{token}/"

    page = client.get(url)
    assert page.status_code == 200 and page["Referrer-Policy"] == "same-origin"  # the token stays here
    html = page.content.decode()
    assert "Tortillería La Esperanza" in html and f"/cuenta/login/?next={url}" in html
    assert client.post(url)["Location"].startswith("/cuenta/login/")  # anonymous: sign in first

    make_user("colega@example.com")
    sign_in(client, "colega@example.com")
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == "/cuenta/organizaciones/"
    assert OrganizationRole.objects.filter(organization=org, user__email="colega@example.com").exists()

    again = client.post(url)
    assert again.status_code == 410 and "ya se usó" in again.content.decode()
    assert client.get("/invitaciones/no-existe/").status_code == 404


def test_the_invitation_page_escapes_the_organisation_name(client: Client) -> None:
    org = OrganizationFactory.create(name="Acme")
    from td2035.directory.models import Organization

    Organization.objects.filter(pk=org.pk).update(name='<script>alert("x")</script>')  # e.g. an old import
    org.refresh_from_db()
    _invitation, token = invitations.invite_colleague(admin_of(org), org, "colega@example.com")
    html = client.get(f"/invitaciones/{token}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<script>" not in str(mail.outbox[0].alternatives[0][0])  # type: ignore[union-attr]


# --- The findings of the adversarial review (issue 11), as regression tests. --------------------------


def test_an_address_longer_than_its_column_is_refused_not_a_500(org) -> None:
    owner = admin_of(org, email="duena@tortilleria.example")
    too_long = "a" * 300 + "@example.com"
    with pytest.raises(InvitationError) as refused:
        invitations.invite_colleague(owner, org, too_long)
    assert refused.value.field == "email"
    client = Client()
    client.force_login(owner)
    response = client.post(
        f"/organizaciones/{org.slug}/personas/invitar/", {"email": too_long, "role": "member"}
    )
    assert response.status_code == 400
    assert "demasiado largo" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_deactivated_co_admin_does_not_keep_the_organisation_run(org) -> None:
    owner = admin_of(org, email="duena@tortilleria.example")
    gone = admin_of(org, email="antes@tortilleria.example")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    with pytest.raises(InvitationError):
        invitations.change_role(owner, org, owner, "member")
    with pytest.raises(InvitationError):
        invitations.remove_person(owner, org, owner.pk)
    assert OrganizationRole.objects.get(user=owner, organization=org).role == "admin"
