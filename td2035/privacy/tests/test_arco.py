"""ARCO rights: access (download), rectification, cancellation (delete by anonymising), opposition, and the
staff queue with legal deadlines."""

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from td2035.accounts import audit
from td2035.accounts.models import AuditEntry, User
from td2035.directory.models import Organization
from td2035.privacy import arco, cancellation, personal_data
from td2035.privacy.business_days import arco_due_date
from td2035.privacy.models import ArcoRequest
from td2035.registration.models import Invitation
from td2035.roles.models import NetworkAdmin, OrganizationRole
from td2035.tests.factories import NetworkFactory, OrganizationFactory
from td2035.tests.people import PASSWORD, person, reauthenticate, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner() -> User:
    """A micro-business owner who speaks for her tortillería, runs a network and has a second factor."""
    user = person("lucia@tortilleria.example", full_name="Lucía Hernández")
    org = OrganizationFactory.create(name="Tortillería La Esperanza", email="ventas@laesperanza.example")
    OrganizationRole.objects.create(user=user, organization=org, role=OrganizationRole.Role.ADMIN)
    NetworkAdmin.objects.create(user=user, network=NetworkFactory.create(name="Red de Tortillerías"))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "SECRETO-TOTP-XYZ"})
    audit.record(user, "organization.edit", org, data={"field": "description"})
    return user


def mfa_signed_in(user: User) -> Client:
    """The owner has a second factor; the tests skip the code step and confirm the password again."""
    client = Client()
    client.force_login(user)
    reauthenticate(client)
    return client


def download(client: Client) -> dict:
    response = client.post("/cuenta/privacidad/descargar/")
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="td2035-mis-datos-')
    return json.loads(response.content)


def test_download_contains_every_personal_field(owner: User) -> None:
    client = mfa_signed_in(owner)
    data = download(client)

    personal_columns = {f.attname for f in User._meta.concrete_fields} - {"password"}
    assert personal_columns <= set(data["user"]), personal_columns - set(data["user"])
    assert data["user"]["email"] == "lucia@tortilleria.example"
    assert data["user"]["full_name"] == "Lucía Hernández"
    assert "password" not in data["user"]
    assert data["email_addresses"] == [{"email": owner.email, "verified": True, "primary": True}]
    assert data["organization_roles"][0]["organization"] == "Tortillería La Esperanza"
    assert data["organization_roles"][0]["role"] == "admin"
    assert data["network_admin_roles"][0]["network"] == "Red de Tortillerías"
    assert data["privacy_consents"][0]["version"] == 1
    assert data["sessions"] and data["sessions"][0]["ip_address"] == "127.0.0.1"
    assert data["mfa"]["enabled"] is True
    assert "SECRETO-TOTP-XYZ" not in json.dumps(data) and owner.password not in json.dumps(data)
    actions = [e["action"] for e in data["audit_entries"]]
    assert "organization.edit" in actions and "privacy.export" in actions
    assert data["arco_requests"][-1]["kind"] == "A"


def test_download_contains_notifications_and_own_inquiry_messages(owner: User) -> None:
    from td2035.notifications.services import notify

    notify([owner], subject="Nueva consulta", body="Una empresa preguntó por tu RFQ.", url="/consultas/")
    data = download(mfa_signed_in(owner))

    assert [n["subject"] for n in data["notifications"]] == ["Nueva consulta"]
    assert data["inquiry_messages"] == []


def test_download_is_logged_as_a_resolved_access_request_and_audited(owner: User) -> None:
    client = mfa_signed_in(owner)
    download(client)
    item = ArcoRequest.objects.get(user=owner, kind=ArcoRequest.Kind.ACCESS)
    assert item.automatic and item.status == ArcoRequest.Status.RESOLVED and item.resolved_at
    assert item.due_date == arco_due_date(timezone.localdate(item.created_at))
    assert AuditEntry.objects.filter(action="privacy.export", actor=owner).count() == 1


def test_download_asks_for_the_password_again(owner: User) -> None:
    client = Client()
    client.force_login(owner)
    response = client.post("/cuenta/privacidad/descargar/")
    assert response.status_code == 302 and response["Location"].startswith("/cuenta/reauthenticate/")
    assert not AuditEntry.objects.filter(action="privacy.export").exists()


def test_delete_anonymises_the_person_and_keeps_the_organisation(owner: User) -> None:
    org = Organization.objects.get(name="Tortillería La Esperanza")
    staff = person("coordinacion@td2035.example", is_platform_admin=True)
    audit.record(staff, "role.change", owner, data={"email": owner.email, "note": f"por {owner.full_name}"})
    client = mfa_signed_in(owner)

    refused = client.post("/cuenta/privacidad/eliminar/", {})
    assert refused.status_code == 200 and User.objects.get(pk=owner.pk).is_active
    page = client.get("/cuenta/privacidad/eliminar/").content.decode()
    assert "Eres la única persona que administra" in page and "Tortillería La Esperanza" in page

    response = client.post("/cuenta/privacidad/eliminar/", {"confirm": "on"})
    assert response.status_code == 302

    user = User.objects.get(pk=owner.pk)
    assert user.email.endswith("@anonimo.invalid") and user.email != "lucia@tortilleria.example"
    assert (user.full_name, user.first_name, user.last_name) == ("", "", "")
    assert not user.has_usable_password() and not user.is_active
    assert not OrganizationRole.objects.filter(user=user).exists()
    assert not NetworkAdmin.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not UserSession.objects.filter(user=user).exists()

    org.refresh_from_db()
    assert org.name == "Tortillería La Esperanza" and org.email == "ventas@laesperanza.example"

    for entry in AuditEntry.objects.all():
        text = json.dumps([entry.actor_label, entry.target_label, entry.data, entry.user_agent])
        assert "lucia@tortilleria.example" not in text and "Lucía Hernández" not in text, text
        if entry.actor_id == user.pk:
            assert entry.ip_address is None
    edit = AuditEntry.objects.get(action="organization.edit")
    assert edit.actor_id == user.pk and edit.target_label == "Tortillería La Esperanza", "the action is kept"
    assert AuditEntry.objects.filter(action="account.delete", target_id=str(user.pk)).exists()
    assert ArcoRequest.objects.filter(user=user, kind="C", status="resolved").exists()

    # Signed out, and the old credentials open nothing.
    assert client.get("/cuenta/")["Location"].startswith("/cuenta/login/")
    again = Client().post("/cuenta/login/", {"login": "lucia@tortilleria.example", "password": PASSWORD})
    assert again.status_code == 200


def test_only_the_person_or_a_platform_admin_deletes_an_account(owner: User) -> None:
    stranger = person("otra@example.com")
    with pytest.raises(PermissionDenied):
        cancellation.delete_account(actor=stranger, user=owner)
    assert User.objects.get(pk=owner.pk).is_active
    staff = person("coordinacion@td2035.example", is_platform_admin=True)
    deletion = cancellation.delete_account(actor=staff, user=owner)
    assert deletion.roles_removed == 1 and deletion.reference == arco.reference_for(owner)
    assert AuditEntry.objects.get(action="account.delete").actor_label == "coordinacion@td2035.example"


def test_export_after_deletion_holds_nothing_personal(owner: User) -> None:
    cancellation.delete_account(actor=owner, user=owner)
    user = User.objects.get(pk=owner.pk)
    text = json.dumps(personal_data.personal_data(user))
    assert "lucia@tortilleria.example" not in text and "Lucía" not in text


def test_rectify_name() -> None:
    user = person()
    client = signed_in(user)
    response = client.post("/cuenta/", {"full_name": "  Lucía   Hernández Pérez "})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Lucía Hernández Pérez"
    assert ArcoRequest.objects.filter(user=user, kind="R", automatic=True).count() == 1
    client.post("/cuenta/", {"full_name": "Lucía Hernández Pérez"})
    assert ArcoRequest.objects.filter(user=user, kind="R").count() == 1, "no change, no request"


def test_opposition_toggles() -> None:
    user = person()
    client = signed_in(user)
    assert (user.email_opt_out, user.show_contact) == (False, True)
    client.post("/cuenta/privacidad/oposicion/", {"email_opt_out": "on"})
    user.refresh_from_db()
    assert (user.email_opt_out, user.show_contact) == (True, False)
    item = ArcoRequest.objects.get(user=user, kind="O")
    assert item.automatic and "email_opt_out=True" in item.details and "show_contact=False" in item.details

    client.post("/cuenta/privacidad/oposicion/", {"email_opt_out": "on"})
    assert ArcoRequest.objects.filter(user=user, kind="O").count() == 1, "no change, no request"
    client.post("/cuenta/privacidad/oposicion/", {"show_contact": "on"})
    user.refresh_from_db()
    assert (user.email_opt_out, user.show_contact) == (False, True)
    page = client.get("/cuenta/privacidad/").content.decode()
    assert 'name="show_contact" id="id_show_contact" checked' in page or "checked" in page


def test_a_manual_request_gets_a_deadline_and_waits_in_the_staff_queue() -> None:
    user = person()
    client = signed_in(user)
    response = client.post(
        "/cuenta/privacidad/solicitud/", {"kind": "R", "details": "Mi cargo en la cámara es otro."}
    )
    assert response.status_code == 302
    item = ArcoRequest.objects.get(user=user, kind="R")
    assert item.status == "open" and not item.automatic
    assert item.due_date == arco_due_date(timezone.localdate(item.created_at))
    assert AuditEntry.objects.filter(action="arco.request", actor=user).exists()
    assert item.folio in client.get("/cuenta/privacidad/").content.decode()


def test_staff_queue_is_forbidden_to_everyone_but_platform_admins(client: Client) -> None:
    assert client.get("/cuenta/arco/")["Location"].startswith("/cuenta/login/")
    member = signed_in(person())
    assert member.get("/cuenta/arco/").status_code == 403
    item = arco.log_request(user=person("otra@example.com"), kind="O", details="No quiero boletines.")
    assert (
        member.post(f"/cuenta/arco/{item.pk}/", {"status": "resolved", "resolution": "x"}).status_code == 403
    )
    item.refresh_from_db()
    assert item.status == "open"


def test_staff_queue_highlights_overdue_requests_and_resolves_them() -> None:
    requester = person("otra@example.com")
    late = arco.log_request(
        user=requester, kind="A", details="Copia certificada", now=timezone.now() - timedelta(days=45)
    )
    fresh = arco.log_request(user=requester, kind="O", details="Sin boletines")
    staff = person("coordinacion@td2035.example", is_platform_admin=True)
    client = signed_in(staff)

    html = client.get("/cuenta/arco/").content.decode()
    assert html.index(late.folio) < html.index(fresh.folio), "by deadline"
    late_row = html[html.rindex("<tr", 0, html.index(late.folio)) : html.index(late.folio)]
    fresh_row = html[html.rindex("<tr", 0, html.index(fresh.folio)) : html.index(fresh.folio)]
    assert 'class="row-overdue"' in late_row and "row-overdue" not in fresh_row
    assert "1 vencida" in html

    response = client.post(
        f"/cuenta/arco/{late.pk}/", {"status": "resolved", "resolution": "Enviada por correo."}
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert (
        late.status == "resolved" and late.resolved_by == staff and late.resolution == "Enviada por correo."
    )
    assert AuditEntry.objects.filter(action="arco.resolve", target_id=str(late.pk)).exists()
    open_only = client.get("/cuenta/arco/").content.decode()
    assert late.folio not in open_only[open_only.index('id="arco-queue"') :]
    assert f'<th scope="row">{late.folio}</th>' in client.get("/cuenta/arco/?ver=all").content.decode()


def test_resolving_needs_a_status_and_an_answer() -> None:
    item = arco.log_request(user=person("otra@example.com"), kind="A")
    client = signed_in(person("coordinacion@td2035.example", is_platform_admin=True))
    client.post(f"/cuenta/arco/{item.pk}/", {"status": "open", "resolution": ""})
    item.refresh_from_db()
    assert item.status == "open"
    assert client.post("/cuenta/arco/999999/", {"status": "resolved", "resolution": "x"}).status_code == 404


# --- Regression tests of the adversarial test's findings. -----------------------------------------


def test_an_answered_request_cannot_be_answered_again() -> None:
    item = arco.log_request(user=person("otra@example.com"), kind="A", details="Copia de mis datos")
    staff = person("coordinacion@td2035.example", is_platform_admin=True)
    arco.resolve_request(actor=staff, request_id=item.pk, status="resolved", resolution="Enviada.")
    client = signed_in(person("segunda@td2035.example", is_platform_admin=True))

    response = client.post(f"/cuenta/arco/{item.pk}/", {"status": "rejected", "resolution": "Otra cosa"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "ya tiene respuesta" in page and "already answered" in page
    item.refresh_from_db()
    assert (item.status, item.resolution, item.resolved_by) == ("resolved", "Enviada.", staff)
    assert AuditEntry.objects.filter(action="arco.resolve").count() == 1
    automatic = arco.log_request(user=person("tercera@example.com"), kind="A", automatic=True)
    with pytest.raises(ValidationError):
        arco.resolve_request(actor=staff, request_id=automatic.pk, status="rejected", resolution="No")


def test_staff_do_not_answer_their_own_requests() -> None:
    staff = person("coordinacion@td2035.example", is_platform_admin=True)
    own = arco.submit_request(actor=staff, kind="C", details="Borren mi cuenta de la Coordinación.")
    client = signed_in(staff)

    response = client.post(f"/cuenta/arco/{own.pk}/", {"status": "resolved", "resolution": "Hecho"})

    assert response.status_code == 403
    assert "otra persona de la Coordinación" in response.content.decode()
    own.refresh_from_db()
    assert own.status == "open" and own.resolution == ""
    colleague = signed_in(person("segunda@td2035.example", is_platform_admin=True))
    assert (
        colleague.post(f"/cuenta/arco/{own.pk}/", {"status": "resolved", "resolution": "Hecho"}).status_code
        == 302
    )
    own.refresh_from_db()
    assert own.status == "resolved"


def test_download_holds_claims_invitations_join_requests_and_tokens(owner: User) -> None:
    from td2035.accounts import tokens
    from td2035.directory.models import Network
    from td2035.networks_admin import services as networks
    from td2035.registration import claims, invitations
    from td2035.tests.people import admin_of

    org = Organization.objects.get(name="Tortillería La Esperanza")
    listed = OrganizationFactory.create(name="Molino San Juan")
    admin_of(listed, email="admin@molino.example")
    claims.claim_organization(owner, listed, message="Soy socia del molino.")
    invitations.invite_colleague(owner, org, "pedro@tortilleria.example")
    other = OrganizationFactory.create(name="Maíz del Bajío")
    inviter = admin_of(other, email="admin@maiz.example")
    invitations.invite_colleague(inviter, other, "LUCIA@tortilleria.example", "admin")
    network = Network.objects.get(name="Red de Tortillerías")
    networks.request_to_join(
        actor=owner, network=NetworkFactory.create(name="Red del Maíz"), organization=org, message="Somos 12."
    )
    networks.invite_organization(actor=owner, network=network, organization=other, message="Únanse.")
    token, secret = tokens.create_token(actor=owner, name="Mi hoja de cálculo", scope="read")

    data = download(mfa_signed_in(owner))

    keys = list(data)
    new = ["claims", "invitations", "network_join_requests", "network_invitations", "api_tokens"]
    assert keys[keys.index("audit_entries") + 1 : keys.index("notifications")] == new
    assert [(c["organization"], c["message"], c["status"]) for c in data["claims"]] == [
        ("Molino San Juan", "Soy socia del molino.", "pending")
    ]
    assert [(i["organization"], i["email"]) for i in data["invitations"]["sent"]] == [
        ("Tortillería La Esperanza", "pedro@tortilleria.example")
    ]
    assert [(i["organization"], i["role"]) for i in data["invitations"]["received"]] == [
        ("Maíz del Bajío", "admin")
    ]
    assert [(j["network"], j["message"]) for j in data["network_join_requests"]] == [
        ("Red del Maíz", "Somos 12.")
    ]
    assert [(i["invited"], i["message"]) for i in data["network_invitations"]] == [
        ("Maíz del Bajío", "Únanse.")
    ]
    assert data["api_tokens"] == [
        {
            "name": "Mi hoja de cálculo",
            "prefix": token.prefix,
            "scope": "read",
            "created_at": token.created_at.isoformat(),
            "last_used_at": None,
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
            "revoked_at": None,
        }
    ]
    text = json.dumps(data)
    assert secret not in text and token.token_hash not in text
    assert not any(i.token_hash in text for i in Invitation.objects.all())
