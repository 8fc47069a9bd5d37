"""Write API: POST /api/v1/organizations, PATCH /api/v1/organizations/{slug}, and the people of an
organisation. Bearer tokens; permissions decided by the services (403), bad input named (422)."""

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from td2035.accounts import tokens
from td2035.accounts.models import AuditEntry, User
from td2035.directory.models import Organization
from td2035.registration.models import Invitation
from td2035.roles.models import OrganizationRole
from td2035.tests.factories import OrganizationFactory
from td2035.tests.people import admin_of, make_user, member_of, platform_admin

pytestmark = pytest.mark.django_db

NEW_ORG = {"name": "Tornillos Querétaro", "kind": "company", "municipality": "014", "scian": "332710"}


class Api:
    """A client that speaks JSON with one bearer token."""

    def __init__(self, user: User | None, scope: str = "write") -> None:
        self.client = Client()
        self.headers: dict[str, Any] = {}
        if user is not None:
            _token, secret = tokens.create_token(actor=user, name="test", scope=scope)
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def send(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body) if body is not None else None
        call = getattr(self.client, method)
        kwargs: dict[str, Any] = {"content_type": "application/json"} if data is not None else {}
        return call(f"/api/v1{path}", *([data] if data is not None else []), **kwargs, **self.headers)

    def get(self, path: str) -> Any:
        return self.send("get", path)

    def post(self, path: str, body: Any) -> Any:
        return self.send("post", path, body)

    def patch(self, path: str, body: Any) -> Any:
        return self.send("patch", path, body)

    def delete(self, path: str) -> Any:
        return self.send("delete", path)


def fields_of(response: Any) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


@pytest.fixture
def owner() -> User:
    return make_user("ana@tornillos.example")


@pytest.fixture
def org() -> Organization:
    return OrganizationFactory.create(name="Maquinados del Marqués", certifications=["ISO 9001"])


@pytest.fixture
def other_org() -> Organization:
    return OrganizationFactory.create(name="Moldes de San Juan", description_es="Moldes de inyección.")


def snapshot(org: Organization) -> tuple[Any, ...]:
    org.refresh_from_db()
    certifications = sorted(org.certifications.values_list("name", flat=True))
    return (org.name, org.description_es, org.updated_at, org.is_verified, certifications)


# --- POST /organizations -------------------------------------------------------------------------------


def test_post_then_get_round_trip(owner) -> None:
    api = Api(owner)
    body = {
        **NEW_ORG,
        "legal_name": "Tornillos Querétaro S.A. de C.V.",
        "rfc": "ABC680524P73",
        "description": "Tornillería especial para la industria automotriz.",
        "description_en": "Special fasteners for the automotive industry.",
        "certifications": ["IATF 16949", "ISO 9001"],
        "products": ["Tornillos", "Birlos"],
        "capabilities": ["Forjado en frío"],
        "phone": "442 555 1234",
        "email": "ventas@tornillos.example",
        "website": "https://tornillos.example",
        "year_founded": 2005,
        "postal_code": "76000",
    }
    created = api.post("/organizations", body)
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    assert created["Location"].endswith(f"/api/v1/organizations/{slug}")
    got = Api(None).get(f"/organizations/{slug}")
    assert got.status_code == 200
    data = got.json()
    assert data == created.json()
    assert data["name"] == "Tornillos Querétaro"
    assert data["kind"] == "company"
    assert data["municipality"]["cve_mun"] == "014"
    assert data["scian"]["code"] == "332710"
    assert data["description"] == data["description_es"] == body["description"]
    assert data["description_en"] == body["description_en"]
    assert sorted(data["certifications"]) == ["IATF 16949", "ISO 9001"]
    assert data["products"] == ["Tornillos", "Birlos"]
    assert data["capabilities"] == ["Forjado en frío"]
    assert data["contact"] == {
        "phone": "+524425551234",
        "email": "ventas@tornillos.example",
        "website": "https://tornillos.example",
    }
    assert data["year_founded"] == 2005
    assert data["is_verified"] is False


def test_post_makes_the_caller_its_admin_and_is_audited(owner) -> None:
    slug = Api(owner).post("/organizations", NEW_ORG).json()["slug"]
    org = Organization.objects.get(slug=slug)
    assert not org.is_verified
    assert OrganizationRole.objects.get(organization=org).user == owner
    assert OrganizationRole.objects.get(organization=org).role == "admin"
    entry = AuditEntry.objects.get(action="organization.registered")
    assert (entry.actor, entry.target_id) == (owner, str(org.pk))


@pytest.mark.parametrize("missing", ["name", "kind", "municipality", "scian"])
def test_post_names_each_missing_required_field(owner, missing) -> None:
    body = {k: v for k, v in NEW_ORG.items() if k != missing}
    response = Api(owner).post("/organizations", body)
    assert response.status_code == 422
    assert missing in fields_of(response)
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"municipality": "099"}, "municipality"),
        ({"municipality": 14}, "municipality"),
        ({"scian": "3327"}, "scian"),  # a subsector, not a class
        ({"scian": "999999"}, "scian"),
        ({"kind": "empresa"}, "kind"),
        ({"name": ""}, "name"),
        ({"name": "x" * 256}, "name"),
        ({"rfc": "NO-ES-RFC"}, "rfc"),
        ({"phone": "12"}, "phone"),
        ({"email": "no es correo"}, "email"),
        ({"postal_code": "7600"}, "postal_code"),
        ({"year_founded": 3000}, "year_founded"),
        ({"employees": -1}, "employees"),
        ({"certifications": "ISO 9001"}, "certifications"),
        ({"is_verified": True}, "is_verified"),  # not for the client to say
        ({"slug": "mi-slug"}, "slug"),
    ],
)
def test_post_refuses_bad_input_naming_the_field(owner, change, field) -> None:
    response = Api(owner).post("/organizations", {**NEW_ORG, **change})
    assert response.status_code == 422, response.content
    assert field in fields_of(response)
    assert response.json()["errors"][0]["message"]
    assert not Organization.objects.exists()


def test_post_refuses_broken_json(owner) -> None:
    api = Api(owner)
    response = api.client.post(
        "/api/v1/organizations", "{not json", content_type="application/json", **api.headers
    )
    assert 400 <= response.status_code < 500
    assert not Organization.objects.exists()


def test_only_platform_admins_register_the_coordination(owner) -> None:
    assert Api(owner).post("/organizations", {**NEW_ORG, "kind": "coordination"}).status_code == 403
    assert not Organization.objects.exists()
    response = Api(platform_admin()).post("/organizations", {**NEW_ORG, "kind": "coordination"})
    assert response.status_code == 201


def test_markup_in_text_is_stored_as_plain_text(owner) -> None:
    body = {**NEW_ORG, "name": "<b>Tornillos</b> & Co", "description": "<script>alert(1)</script>Fuertes"}
    data = Api(owner).post("/organizations", body).json()
    assert data["name"] == "Tornillos & Co"
    assert "<" not in data["description"]
    assert "alert" not in data["description"]


# --- PATCH /organizations/{slug} -----------------------------------------------------------------------


def test_its_admin_edits_description_and_certifications(org) -> None:
    api = Api(admin_of(org))
    response = api.patch(
        f"/organizations/{org.slug}",
        {"description": "Ahora también tratamientos térmicos.", "certifications": ["IATF 16949", "AS9100"]},
    )
    assert response.status_code == 200, response.content
    got = Api(None).get(f"/organizations/{org.slug}").json()
    assert got == response.json()
    assert got["description"] == "Ahora también tratamientos térmicos."
    assert sorted(got["certifications"]) == ["AS9100", "IATF 16949"]
    assert got["name"] == "Maquinados del Marqués"  # untouched
    entry = AuditEntry.objects.get(action="organization.updated")
    assert set(entry.data["fields"]) == {"description_es", "certifications"}


def test_patch_clears_optional_fields_with_null(org) -> None:
    api = Api(admin_of(org))
    response = api.patch(f"/organizations/{org.slug}", {"description": None, "certifications": []})
    assert response.status_code == 200
    assert response.json()["description"] == ""
    assert response.json()["certifications"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": None}, "name"),
        ({"municipality": None}, "municipality"),
        ({"scian": "31-33"}, "scian"),
        ({"is_verified": True}, "is_verified"),
        ({"source": "denue"}, "source"),
        ({"description": "uno", "description_es": "otro"}, "description"),
        ({"website": "no es un sitio"}, "website"),
    ],
)
def test_patch_refuses_bad_input_and_changes_nothing(org, body, field) -> None:
    before = snapshot(org)
    response = Api(admin_of(org)).patch(f"/organizations/{org.slug}", body)
    assert response.status_code == 422, response.content
    assert field in fields_of(response)
    assert snapshot(org) == before


def test_another_organisations_admin_gets_403_and_nothing_changes(org, other_org) -> None:
    before = snapshot(other_org)
    api = Api(admin_of(org))
    response = api.patch(
        f"/organizations/{other_org.slug}", {"description": "Pirateado", "certifications": []}
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    assert snapshot(other_org) == before
    assert not AuditEntry.objects.filter(action="organization.updated").exists()


@pytest.mark.parametrize("who", ["member", "stranger", "anonymous", "read token"])
def test_only_its_admins_patch(org, who) -> None:
    before = snapshot(org)
    api = {
        "member": lambda: Api(member_of(org)),
        "stranger": lambda: Api(make_user("alguien@example.com")),
        "anonymous": lambda: Api(None),
        "read token": lambda: Api(admin_of(org), scope="read"),
    }[who]()
    response = api.patch(f"/organizations/{org.slug}", {"description": "Cambiado"})
    assert response.status_code == (401 if who == "anonymous" else 403)
    assert snapshot(org) == before


def test_platform_admins_patch_any_organisation(org) -> None:
    response = Api(platform_admin()).patch(f"/organizations/{org.slug}", {"year_founded": 1999})
    assert response.status_code == 200
    assert response.json()["year_founded"] == 1999


def test_patch_of_an_unknown_organisation_is_404(owner) -> None:
    response = Api(owner).patch("/organizations/no-existe", {"description": "x"})
    assert response.status_code == 404


# --- People ---------------------------------------------------------------------------------------------


def test_my_organisations_lists_my_roles(org, other_org) -> None:
    person = admin_of(org)
    member_of(other_org, person)
    data = Api(person, scope="read").get("/me/organizations").json()
    assert {(item["organization"]["slug"], item["role"]) for item in data} == {
        (org.slug, "admin"),
        (other_org.slug, "member"),
    }
    assert Api(None).get("/me/organizations").status_code == 401


def test_its_admins_see_its_people_and_others_do_not(org, other_org) -> None:
    admin = admin_of(org)
    member = member_of(org)
    data = Api(admin, scope="read").get(f"/organizations/{org.slug}/people").json()
    assert {(p["email"], p["role"]) for p in data} == {(admin.email, "admin"), (member.email, "member")}
    assert Api(member, scope="read").get(f"/organizations/{org.slug}/people").status_code == 403
    assert Api(admin_of(other_org)).get(f"/organizations/{org.slug}/people").status_code == 403


def test_its_admin_invites_a_colleague_by_email(org) -> None:
    response = Api(admin_of(org)).post(
        f"/organizations/{org.slug}/invitations", {"email": "Colega@Example.com", "role": "member"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["email"] == "colega@example.com"
    invitation = Invitation.objects.get()
    assert (invitation.organization, invitation.role) == (org, "member")
    assert mail.outbox[0].to == ["colega@example.com"]


def test_invitations_refuse_bad_addresses_and_other_organisations(org, other_org) -> None:
    api = Api(admin_of(org))
    bad = api.post(f"/organizations/{org.slug}/invitations", {"email": "no-es-correo"})
    assert bad.status_code == 422
    assert fields_of(bad) == {"email"}
    other = api.post(f"/organizations/{other_org.slug}/invitations", {"email": "espia@example.com"})
    assert other.status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_its_admin_changes_a_role_and_removes_a_person(org) -> None:
    api = Api(admin_of(org))
    member = member_of(org)
    promoted = api.patch(f"/organizations/{org.slug}/people/{member.email}", {"role": "admin"})
    assert promoted.status_code == 200
    assert promoted.json()["role"] == "admin"
    assert api.delete(f"/organizations/{org.slug}/people/{member.email}").status_code == 204
    assert not OrganizationRole.objects.filter(user=member).exists()
    assert api.delete(f"/organizations/{org.slug}/people/{member.email}").status_code == 404


def test_a_member_may_leave_but_not_remove_others(org) -> None:
    admin = admin_of(org)
    member = member_of(org)
    api = Api(member)
    assert api.delete(f"/organizations/{org.slug}/people/{admin.email}").status_code == 403
    assert api.patch(f"/organizations/{org.slug}/people/{member.email}", {"role": "admin"}).status_code == 403
    assert OrganizationRole.objects.filter(organization=org).count() == 2
    assert api.delete(f"/organizations/{org.slug}/people/{member.email}").status_code == 204
    assert list(OrganizationRole.objects.filter(organization=org).values_list("user", flat=True)) == [
        admin.pk
    ]


def test_the_last_admin_cannot_leave(org) -> None:
    admin = admin_of(org)
    response = Api(admin).delete(f"/organizations/{org.slug}/people/{admin.email}")
    assert response.status_code == 422
    assert OrganizationRole.objects.filter(organization=org, user=admin).exists()


def test_another_organisations_admin_cannot_touch_its_people(org, other_org) -> None:
    member = member_of(org)
    api = Api(admin_of(other_org))
    assert api.patch(f"/organizations/{org.slug}/people/{member.email}", {"role": "admin"}).status_code == 403
    assert api.delete(f"/organizations/{org.slug}/people/{member.email}").status_code == 403
    assert OrganizationRole.objects.get(user=member).role == "member"
