"""Pages for registering, claiming, verifying and editing organisations: forms without JavaScript,
clear 4xx answers for bad input, CSRF, escaping, and nothing changed by another organisation's people."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from td2035.accounts.models import AuditEntry, User
from td2035.directory import logos
from td2035.directory.models import Organization, Source
from td2035.directory.tests.test_views import assert_csp_safe
from td2035.registration.models import Claim, Invitation
from td2035.roles.models import OrganizationRole
from td2035.tests.factories import NetworkFactory, OrganizationFactory
from td2035.tests.people import (
    PASSWORD,
    admin_of,
    image_bytes,
    make_user,
    member_of,
    network_admin,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def signed_in(email: str, user=None) -> Client:
    client = Client()
    if user is None:
        make_user(email)
    assert client.login(email=email, password=PASSWORD)
    return client


def csrf_client(email: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    assert client.login(email=email, password=PASSWORD)
    return client


# --- The wizard ------------------------------------------------------------------------------------


def test_the_wizard_needs_a_signed_in_person(client: Client) -> None:
    response = client.get("/organizaciones/registrar/")
    assert response.status_code == 302 and response["Location"].startswith("/cuenta/login/?next=")


def test_the_wizard_registers_an_organisation_step_by_step_without_javascript() -> None:
    client = signed_in("duena@tortilleria.example")
    page = client.get("/organizaciones/registrar/")
    assert page.status_code == 200 and 'aria-current="step"' in page.content.decode()
    assert_csp_safe(page.content.decode())

    bad = client.post("/organizaciones/registrar/", {"paso": "1", "kind": "company", "name": "Tortillería"})
    assert bad.status_code == 400 and "Las empresas deben escribir su RFC." in bad.content.decode()
    bad_rfc = client.post(
        "/organizaciones/registrar/", {"paso": "1", "kind": "company", "name": "T", "rfc": "ABC680524P74"}
    )
    assert bad_rfc.status_code == 400 and "dígito verificador" in bad_rfc.content.decode()

    step1 = {"paso": "1", "kind": "company", "name": "Tortillería La Esperanza", "rfc": "abc680524p73"}
    assert client.post("/organizaciones/registrar/", step1)["Location"] == "/organizaciones/registrar/?paso=2"

    search = client.get("/organizaciones/registrar/", {"paso": "2", "q": "tortillas"})
    assert re.search(
        r'<input type="radio" name="scian" id="scian-311830" value="311830"', search.content.decode()
    )
    fragment = client.get(
        "/organizaciones/registrar/actividades/", {"q": "tortillas"}, HTTP_HX_REQUEST="true"
    )
    assert "311830" in fragment.content.decode() and "<html" not in fragment.content.decode()

    missing = client.post("/organizaciones/registrar/", {"paso": "2", "scian": "31", "municipality": "099"})
    assert missing.status_code == 400
    assert "Elige una clase" in missing.content.decode() and "18 municipios" in missing.content.decode()

    step2 = client.post("/organizaciones/registrar/", {"paso": "2", "scian": "311830", "municipality": "014"})
    assert step2["Location"] == "/organizaciones/registrar/?paso=3"  # no look-alikes: straight to size

    calc = client.post(
        "/organizaciones/registrar/",
        {"paso": "3", "employees": "6", "annual_sales_mxn": "$2,000,000", "action": "calculate"},
    )
    assert calc.status_code == 200 and "Tamaño: Micro" in calc.content.decode()
    client.post("/organizaciones/registrar/", {"paso": "3", "employees": "6", "annual_sales_mxn": "2000000"})

    review = client.get("/organizaciones/registrar/?paso=4")
    assert "Tortillería La Esperanza" in review.content.decode() and "311830" in review.content.decode()
    unconfirmed = client.post("/organizaciones/registrar/", {"paso": "4"})
    assert unconfirmed.status_code == 400 and not Organization.objects.exists()

    done = client.post("/organizaciones/registrar/", {"paso": "4", "confirm": "on"})

    org = Organization.objects.get()
    assert done["Location"] == f"/organizaciones/{org.slug}/editar/"
    assert (org.name, org.rfc, org.scian_id, org.municipality_id, org.size) == (
        "Tortillería La Esperanza",
        "ABC680524P73",
        "311830",
        "014",
        "micro",
    )
    assert not org.is_verified
    assert OrganizationRole.objects.get(organization=org).user.email == "duena@tortilleria.example"
    assert "sin verificar" in client.get(done["Location"]).content.decode()
    assert (
        client.get("/organizaciones/registrar/?paso=4")["Location"] == "/organizaciones/registrar/"
    )  # draft gone


def test_the_wizard_offers_to_claim_a_look_alike_denue_company() -> None:
    denue = OrganizationFactory.create(
        name="TORTILLERIA LA ESPERANZA",
        legal_name="",
        source=Source.DENUE,
        denue_id="991",
        municipality_id="014",
    )
    client = signed_in("duena@tortilleria.example")
    client.post(
        "/organizaciones/registrar/", {"paso": "1", "kind": "civil_society", "name": "Tortillería Esperanza"}
    )
    step2 = client.post("/organizaciones/registrar/", {"paso": "2", "scian": "311830", "municipality": "014"})
    assert step2["Location"] == "/organizaciones/registrar/?paso=duplicados"
    assert client.get("/organizaciones/registrar/?paso=3")["Location"].endswith(
        "paso=duplicados"
    )  # no skipping

    html = client.get(step2["Location"]).content.decode()
    assert "TORTILLERIA LA ESPERANZA" in html and f"/organizaciones/{denue.slug}/reclamar/" in html
    assert "DENUE (INEGI)" in html

    assert client.post("/organizaciones/registrar/", {"paso": "duplicados"})["Location"].endswith("paso=3")
    assert client.get("/organizaciones/registrar/?paso=3").status_code == 200


def test_unknown_steps_start_over() -> None:
    client = signed_in("a@example.com")
    assert client.get("/organizaciones/registrar/?paso=99")["Location"] == "/organizaciones/registrar/"
    assert client.get("/organizaciones/registrar/?paso=4")["Location"] == "/organizaciones/registrar/"


# --- Claim and verify ------------------------------------------------------------------------------


def test_claim_page_then_network_admin_approves_and_the_badge_shows() -> None:
    company = OrganizationFactory.create(name="Aceros Querétaro", source=Source.DENUE, denue_id="77")
    cluster = NetworkFactory.create(name="Clúster Metalmecánico", members=[company])
    claimant = signed_in("gerente@aceros.example")

    profile = claimant.get(f"/organizaciones/{company.slug}/").content.decode()
    assert f"/organizaciones/{company.slug}/reclamar/" in profile and "Sin verificar" in profile
    refused = claimant.post(f"/organizaciones/{company.slug}/reclamar/", {"message": "Hola"})
    assert refused.status_code == 400 and not Claim.objects.exists()
    sent = claimant.post(f"/organizaciones/{company.slug}/reclamar/", {"message": "Gerente", "confirm": "on"})
    assert sent["Location"] == "/cuenta/organizaciones/"
    assert "Pendiente" in claimant.get("/cuenta/organizaciones/").content.decode()
    claim = Claim.objects.get()

    admin_email = "admin@cluster.example"
    network_admin(cluster, admin_email)
    admin = Client()
    admin.login(email=admin_email, password=PASSWORD)
    queue = admin.get("/organizaciones/verificacion/").content.decode()
    assert "gerente@aceros.example" in queue
    approved = admin.post(f"/organizaciones/verificacion/{claim.pk}/aprobar/")
    assert approved["Location"] == "/organizaciones/verificacion/"

    company.refresh_from_db()
    assert company.is_verified
    profile = claimant.get(f"/organizaciones/{company.slug}/").content.decode()
    assert 'class="badge badge-verified"' in profile
    assert f"/organizaciones/{company.slug}/editar/" in profile


def test_verification_queue_and_decisions_are_for_verifiers_only() -> None:
    company = OrganizationFactory.create(name="Aceros Querétaro")
    claim = Claim.objects.create(organization=company, user=make_user("c@example.com"))
    visitor = signed_in("visitante@example.com")
    assert visitor.get("/organizaciones/verificacion/").status_code == 403
    assert visitor.post(f"/organizaciones/verificacion/{claim.pk}/aprobar/").status_code == 403
    assert visitor.post(f"/organizaciones/{company.slug}/verificar/").status_code == 403
    assert visitor.post("/organizaciones/verificacion/999999/aprobar/").status_code == 404
    assert visitor.post(f"/organizaciones/verificacion/{claim.pk}/borrar/").status_code == 404
    claim.refresh_from_db()
    company.refresh_from_db()
    assert claim.status == "pending" and not company.is_verified


# --- Edit, logo, people ----------------------------------------------------------------------------


@pytest.fixture
def company() -> Organization:
    return OrganizationFactory.create(name="Aceros Querétaro", scian_id="332710", municipality_id="014")


def profile_post(org: Organization, **changes: str) -> dict[str, str]:
    data = {
        "name": org.name,
        "kind": org.kind,
        "scian": org.scian_id or "",
        "municipality": org.municipality_id or "",
        "description_es": org.description_es,
    }
    data.update(changes)
    return data


def test_org_admin_edits_the_profile_and_text_is_shown_escaped(company: Organization) -> None:
    admin = admin_of(company, email="admin@aceros.example")
    client = signed_in(admin.email, admin)
    form = client.get(f"/organizaciones/{company.slug}/editar/")
    assert form.status_code == 200
    assert_csp_safe(form.content.decode())

    response = client.post(
        f"/organizaciones/{company.slug}/editar/",
        profile_post(
            company,
            name='Aceros "Q" & Cía',
            description_es='<img src=x onerror="alert(1)">Aceros <b>especiales</b> & 5 < 6',
            products='"><script>alert(2)</script>Lámina',
            certifications="ISO 9001\nAS9100",
            annual_sales_mxn="$12,000,000",
            employees="30",
        ),
    )
    assert response["Location"] == f"/organizaciones/{company.slug}/"
    company.refresh_from_db()
    assert company.description_es == "Aceros especiales & 5 < 6"
    assert company.products == '">Lámina'
    assert company.size == "small"

    profile = client.get(f"/organizaciones/{company.slug}/").content.decode()
    assert "Aceros &quot;Q&quot; &amp; Cía" in profile
    assert "Aceros especiales &amp; 5 &lt; 6" in profile
    assert "onerror" not in profile and "<script>alert" not in profile
    edit_again = client.get(f"/organizaciones/{company.slug}/editar/").content.decode()
    assert 'value="Aceros &quot;Q&quot; &amp; Cía"' in edit_again


def test_bad_profile_input_is_a_400_with_the_field(company: Organization) -> None:
    admin = admin_of(company, email="admin@aceros.example")
    client = signed_in(admin.email, admin)
    for changes, message in [
        ({"phone": "123"}, "teléfono no es válido"),
        ({"postal_code": "7600"}, "5 dígitos"),
        ({"scian": "999999"}, "clase de actividad"),
        ({"rfc": "XXX"}, "RFC no es válido"),
        ({"name": ""}, "obligatorio"),
    ]:
        response = client.post(f"/organizaciones/{company.slug}/editar/", profile_post(company, **changes))
        assert response.status_code == 400, changes
        assert message in response.content.decode(), changes
    company.refresh_from_db()
    assert (
        company.name == "Aceros Querétaro"
        and not AuditEntry.objects.filter(action="organization.updated").exists()
    )


def test_another_organisations_admin_gets_403_and_changes_nothing(company: Organization) -> None:
    other = OrganizationFactory.create(name="Competidor")
    intruder = admin_of(other, email="admin@competidor.example")
    victim_member = member_of(company, email="empleado@aceros.example")
    admin_of(company, email="admin@aceros.example")
    invitation = Invitation.objects.create(
        organization=company, email="x@example.com", token_hash="0" * 64, expires_at="2999-01-01T00:00Z"
    )
    client = signed_in(intruder.email, intruder)
    slug = company.slug
    attempts = [
        ("get", f"/organizaciones/{slug}/editar/", {}),
        ("post", f"/organizaciones/{slug}/editar/", profile_post(company, name="Hackeada")),
        ("post", f"/organizaciones/{slug}/logotipo/", {"logo": upload(image_bytes())}),
        ("get", f"/organizaciones/{slug}/personas/", {}),
        (
            "post",
            f"/organizaciones/{slug}/personas/invitar/",
            {"email": "yo@competidor.example", "role": "admin"},
        ),
        ("post", f"/organizaciones/{slug}/personas/{victim_member.pk}/rol/", {"role": "admin"}),
        ("post", f"/organizaciones/{slug}/personas/{victim_member.pk}/quitar/", {}),
        ("post", f"/organizaciones/{slug}/invitaciones/{invitation.pk}/cancelar/", {}),
        ("post", f"/organizaciones/{slug}/verificar/", {}),
    ]
    for method, url, data in attempts:
        assert getattr(client, method)(url, data).status_code == 403, url
    # the intruder's own organisation cannot reach the victim's people or invitations through its slug
    own = f"/organizaciones/{other.slug}"
    assert client.post(f"{own}/personas/{victim_member.pk}/quitar/").status_code == 404
    assert client.post(f"{own}/personas/{victim_member.pk}/rol/", {"role": "member"}).status_code == 404
    assert client.post(f"{own}/invitaciones/{invitation.pk}/cancelar/").status_code == 404
    assert client.get("/organizaciones/no-existe/editar/").status_code == 404

    company.refresh_from_db()
    invitation.refresh_from_db()
    assert company.name == "Aceros Querétaro" and not company.logo and not company.is_verified
    assert OrganizationRole.objects.get(user=victim_member).role == "member"
    assert invitation.revoked_at is None
    assert not AuditEntry.objects.exists()


def test_csrf_is_enforced_on_every_form(company: Organization) -> None:
    admin = admin_of(company, email="admin@aceros.example")
    member = member_of(company, email="empleado@aceros.example")
    client = csrf_client(admin.email)
    for url, data in [
        ("/organizaciones/registrar/", {"paso": "1", "kind": "civil_society", "name": "X"}),
        (f"/organizaciones/{company.slug}/editar/", profile_post(company, name="Sin token")),
        (f"/organizaciones/{company.slug}/logotipo/", {"logo": upload(image_bytes())}),
        (f"/organizaciones/{company.slug}/personas/invitar/", {"email": "x@example.com", "role": "member"}),
        (f"/organizaciones/{company.slug}/personas/{member.pk}/quitar/", {}),
        (f"/organizaciones/{company.slug}/reclamar/", {"confirm": "on"}),
    ]:
        assert client.post(url, data).status_code == 403, url
    company.refresh_from_db()
    assert company.name == "Aceros Querétaro" and not company.logo
    assert OrganizationRole.objects.filter(organization=company).count() == 2


def test_logo_upload_page_accepts_images_and_explains_refusals(
    company: Organization, media_root: Path
) -> None:
    admin = admin_of(company, email="admin@aceros.example")
    client = signed_in(admin.email, admin)
    url = f"/organizaciones/{company.slug}/logotipo/"

    fake = client.post(url, {"logo": upload(b"<html><script>alert(1)</script></html>", "logo.png")})
    assert fake.status_code == 400 and "no es una imagen" in fake.content.decode()

    big = image_bytes() + b"\0" * (logos.MAX_LOGO_BYTES + 1)
    too_big = client.post(url, {"logo": upload(big)})
    assert too_big.status_code == 413 and "2 MB" in too_big.content.decode()
    company.refresh_from_db()
    assert not company.logo and not (media_root / "logos").exists()

    ok = client.post(url, {"logo": upload(image_bytes("WEBP"), "logo.webp", "image/webp")})
    assert ok["Location"] == f"/organizaciones/{company.slug}/editar/"
    company.refresh_from_db()
    assert str(company.logo.name).endswith(".png")
    assert client.post(url, {"remove": "1"}).status_code == 302
    company.refresh_from_db()
    assert not company.logo


def test_people_page_invites_changes_roles_and_removes(company: Organization) -> None:
    from django.core import mail

    admin = admin_of(company, email="admin@aceros.example")
    member = member_of(company, email="empleado@aceros.example")
    client = signed_in(admin.email, admin)
    page = client.get(f"/organizaciones/{company.slug}/personas/").content.decode()
    assert "empleado@aceros.example" in page
    assert_csp_safe(page)

    bad = client.post(
        f"/organizaciones/{company.slug}/personas/invitar/", {"email": "nope", "role": "member"}
    )
    assert bad.status_code == 400 and "correo electrónico válido" in bad.content.decode()
    sent = client.post(
        f"/organizaciones/{company.slug}/personas/invitar/",
        {"email": "nueva@aceros.example", "role": "member"},
    )
    assert sent.status_code == 302 and mail.outbox[0].to == ["nueva@aceros.example"]
    assert "nueva@aceros.example" in client.get(f"/organizaciones/{company.slug}/personas/").content.decode()

    client.post(f"/organizaciones/{company.slug}/personas/{member.pk}/rol/", {"role": "admin"})
    assert OrganizationRole.objects.get(user=member).role == "admin"
    client.post(f"/organizaciones/{company.slug}/personas/{member.pk}/quitar/")
    assert not OrganizationRole.objects.filter(user=member).exists()
    last = client.post(f"/organizaciones/{company.slug}/personas/{admin.pk}/quitar/", follow=True)
    assert "al menos una persona" in last.content.decode()
    assert OrganizationRole.objects.filter(user=admin, role="admin").exists()


def test_my_organisations_lists_roles_and_links(company: Organization) -> None:
    admin = admin_of(company, email="admin@aceros.example")
    client = signed_in(admin.email, admin)
    html = client.get("/cuenta/organizaciones/").content.decode()
    assert "Aceros Querétaro" in html and f"/organizaciones/{company.slug}/editar/" in html
    assert "/organizaciones/verificacion/" not in html  # not a network admin


def test_the_pages_speak_english_too(company: Organization) -> None:
    admin = admin_of(company, email="admin@aceros.example")
    client = signed_in(admin.email, admin)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Trade name" in client.get("/organizaciones/registrar/").content.decode()
    assert "My organizations" in client.get("/cuenta/organizaciones/").content.decode()
    assert "Invite a colleague" in client.get(f"/organizaciones/{company.slug}/personas/").content.decode()
    refused = client.post(f"/organizaciones/{company.slug}/personas/{admin.pk}/quitar/", follow=True)
    assert "needs at least one admin" in refused.content.decode()


text = st.text(max_size=60)


@pytest.fixture
def company_admin(company: Organization) -> User:
    return admin_of(company, email="admin@aceros.example")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=text, rfc=text, kind=text, scian=text, municipality=text, employees=text, sales=text, q=text)
def test_any_input_is_an_answer_never_a_500(
    company_admin: User,
    company: Organization,
    name: str,
    rfc: str,
    kind: str,
    scian: str,
    municipality: str,
    employees: str,
    sales: str,
    q: str,
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(company_admin)
    steps = [
        {"paso": "1", "kind": kind, "name": name, "rfc": rfc, "legal_name": name},
        {"paso": "2", "scian": scian, "municipality": municipality, "q": q},
        {"paso": "3", "employees": employees, "annual_sales_mxn": sales, "action": "calculate"},
    ]
    for data in steps:
        assert client.post("/organizaciones/registrar/", data).status_code < 500
    assert client.get("/organizaciones/registrar/", {"paso": "2", "q": q}).status_code < 500
    assert client.get("/organizaciones/registrar/actividades/", {"q": q, "scian": scian}).status_code < 500
    edit = profile_post(company, name=name, rfc=rfc, kind=kind, scian=scian, employees=employees, phone=q)
    assert client.post(f"/organizaciones/{company.slug}/editar/", edit).status_code < 500
    token = "".join(ch for ch in q if ch not in "/?#%") or "x"
    assert client.get(f"/invitaciones/{token}/").status_code < 500


def queries_of(client: Client, url: str) -> list[str]:
    """The SQL one page view runs (an execute wrapper: exact even when Django's query log is full)."""
    from django.db import connection

    seen: list[str] = []

    def spy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        assert client.get(url).status_code == 200
    return seen


def test_the_profile_corner_costs_no_query_for_visitors_and_few_for_people(company: Organization) -> None:
    url = f"/organizaciones/{company.slug}/"
    visitor = Client()
    visitor.get(url)
    person = signed_in("persona@example.com")
    person.get(url)
    anonymous = queries_of(visitor, url)
    known = queries_of(person, url)
    assert "Reclama este perfil" in person.get(url).content.decode()
    assert not [q for q in anonymous if "accounts_" in q or "directory_claim" in q]
    extra = [q for q in known if "directory_claim" in q or "accounts_" in q]
    # the session's user (twice: auth and allauth's session list), consent, role, network admin, pending
    # claim, and the person's organisations (which network-only market listings they may see)
    assert len(extra) <= 7, extra
