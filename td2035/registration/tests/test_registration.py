"""Registering, claiming, verifying and editing organisations (registration.organizations and registration.claims), logos included."""

from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from td2035.accounts.models import AuditEntry
from td2035.directory import logos
from td2035.directory.models import Organization, Source
from td2035.directory.services import DirectoryError
from td2035.registration import claims, organizations
from td2035.registration.forms import ProfileForm
from td2035.registration.models import Claim
from td2035.roles.models import OrganizationRole
from td2035.search.documents import OrganizationQuery
from td2035.search.queries import search_organizations
from td2035.tests.factories import NetworkFactory, OrganizationFactory, add_member
from td2035.tests.people import (
    admin_of,
    image_bytes,
    make_user,
    member_of,
    network_admin,
    platform_admin,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def denue_company(
    name: str = "PLASTICOS DEL BAJIO SA DE CV", municipality: str = "014", **kw
) -> Organization:
    return OrganizationFactory.create(
        name=name,
        legal_name="",
        source=Source.DENUE,
        denue_id=kw.pop("denue_id", "8812345"),
        municipality_id=municipality,
        **kw,
    )


# --- Plain text ------------------------------------------------------------------------------------


def test_plain_text_drops_markup_and_control_characters_but_keeps_the_words() -> None:
    text = organizations.plain_text(
        '<script>alert("x")</script>Hola <b>mundo</b> & AT&T: 5 < 6\r\nlínea\x00 2  '
    )
    assert text == "Hola mundo & AT&T: 5 < 6\nlínea 2"
    assert organizations.plain_text("  Plásticos\n del   Bajío ", one_line=True) == "Plásticos del Bajío"
    assert organizations.plain_text('<img src=x onerror="alert(1)">') == ""


@given(st.text(max_size=200))
def test_plain_text_never_leaves_a_tag_or_control_character(value: str) -> None:
    text = organizations.plain_text(value)
    assert "<script" not in text.lower()
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in text)
    assert organizations.plain_text(text) == text  # idempotent: saving twice changes nothing


# --- Likely duplicates -----------------------------------------------------------------------------


def test_normalized_names_ignore_accents_case_punctuation_and_legal_form() -> None:
    n = organizations.normalize_name
    assert n("Plásticos del Bajío, S.A. de C.V.") == n("PLASTICOS DEL BAJIO SA DE CV") == "plasticos bajio"
    assert n("Taller Mecánico Hernández S. de R.L. de C.V.") == "taller mecanico hernandez"
    assert n("Asociación Queretana de la Madera A.C.") == "asociacion queretana madera"
    assert n("Grupo Casa") == "grupo casa"  # a word ending in "sa" is not a legal form


def test_duplicates_include_denue_imports_in_the_same_municipality_only() -> None:
    same_town = denue_company()
    denue_company(municipality="016", denue_id="8812346")  # the same name in San Juan del Río
    OrganizationFactory.create(name="Software Querétaro", municipality_id="014")

    found = organizations.find_duplicates(name="Plásticos del Bajío", municipality_id="014")

    assert [d.organization for d in found] == [same_town]
    assert found[0].score == 100 and found[0].same_name and not found[0].same_rfc


def test_duplicates_tolerate_typos_and_extra_words_but_not_one_shared_word() -> None:
    target = OrganizationFactory.create(name="Plásticos Industriales del Bajío", municipality_id="014")
    assert (
        organizations.find_duplicates(name="Plastcos Industriales Bajio", municipality_id="014")[
            0
        ].organization
        == target
    )
    assert organizations.find_duplicates(name="Plásticos Bajío", municipality_id="014")[0].score >= 85
    assert organizations.find_duplicates(name="Plásticos", municipality_id="014") == []
    assert organizations.find_duplicates(name="Maderas Finas del Centro", municipality_id="014") == []


def test_the_legal_name_finds_a_duplicate_too() -> None:
    listed = denue_company()
    found = organizations.find_duplicates(
        name="Marca Registrada Brillante",
        legal_name="Plásticos del Bajío, S.A. de C.V.",
        municipality_id="014",
    )
    assert [d.organization for d in found] == [listed]


def test_same_rfc_is_a_duplicate_anywhere_and_comes_first() -> None:
    by_rfc = OrganizationFactory.create(name="Otra Razón", rfc="ABC680524P73", municipality_id="005")
    by_name = OrganizationFactory.create(name="Aceros Querétaro", municipality_id="014")
    found = organizations.find_duplicates(name="Aceros Querétaro", municipality_id="014", rfc="abc680524p73")
    assert [d.organization for d in found] == [by_rfc, by_name]
    assert found[0].same_rfc and found[0].score == 100
    assert (
        organizations.find_duplicates(
            name="Aceros Querétaro", municipality_id="014", exclude_ids=[by_name.pk]
        )
        == []
    )


# --- Register --------------------------------------------------------------------------------------


def test_register_creates_an_unverified_organisation_run_by_its_registrant() -> None:
    owner = make_user("duena@tortilleria.example")
    org = organizations.register_organization(
        owner,
        name="  Tortillería <b>La Esperanza</b> ",
        kind="company",
        rfc="abc680524p73",
        scian_id="311830",
        municipality_id="014",
        employees=6,
        annual_sales_mxn=2_000_000,
        description_es="<script>alert(1)</script>Tortillas de maíz nixtamalizado.",
    )
    org.refresh_from_db()
    assert org.name == "Tortillería La Esperanza"
    assert org.description_es == "Tortillas de maíz nixtamalizado."
    assert not org.is_verified and org.source == Source.SELF_REGISTERED
    assert org.rfc == "ABC680524P73" and org.size == "micro"
    assert OrganizationRole.objects.get(organization=org).user == owner
    assert OrganizationRole.objects.get(organization=org).role == "admin"
    assert actions() == ["organization.registered"]


def test_register_refuses_anonymous_people_coordination_kind_and_protected_fields() -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        organizations.register_organization(AnonymousUser(), name="X", kind="company")
    person = make_user("persona@example.com")
    with pytest.raises(PermissionDenied):
        organizations.register_organization(person, name="Coordinación falsa", kind="coordination")
    with pytest.raises(DirectoryError):
        organizations.register_organization(person, name="X", kind="company", is_verified=True)
    with pytest.raises(DirectoryError) as excinfo:
        organizations.register_organization(person, name="X", kind="company", rfc="ABC680524P74")
    assert excinfo.value.field == "rfc"
    assert not Organization.objects.exists() and not AuditEntry.objects.exists()


def test_a_name_that_is_a_page_gets_another_slug() -> None:
    org = organizations.register_organization(
        make_user("a@example.com"), name="Registrar", kind="civil_society"
    )
    assert org.slug not in organizations.RESERVED_SLUGS


# --- Claim, approve, reject, verify ----------------------------------------------------------------


@pytest.fixture
def cluster_and_company():
    company = denue_company()
    cluster = NetworkFactory.create(name="Querétaro Plastics Cluster")
    add_member(cluster, company)
    return cluster, company


def test_claim_then_a_network_admin_approves_it(cluster_and_company) -> None:
    cluster, company = cluster_and_company
    coordination = NetworkFactory.create(name="Coordinación TD2035")
    from td2035.directory import services

    services.link_networks(coordination, cluster)
    claimant = make_user("compras@plasticosbajio.example")
    claim = claims.claim_organization(claimant, company, message="Soy el <i>gerente</i>.")
    assert claim.status == Claim.Status.PENDING and claim.message == "Soy el gerente."
    assert claims.claim_organization(claimant, company) == claim  # asking twice is one claim
    assert not company.person_roles.exists()

    # an admin of the network above the cluster decides
    approver = network_admin(coordination)
    claims.approve_claim(approver, claim.pk)

    claim.refresh_from_db()
    company.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.decided_by == approver
    assert company.is_verified
    assert OrganizationRole.objects.get(organization=company, user=claimant).role == "admin"
    assert actions() == ["organization.claimed", "claim.approved", "organization.verified"]
    with pytest.raises(DirectoryError):
        claims.reject_claim(platform_admin(), claim.pk)  # already decided


def test_verified_badge_reaches_the_search_index(
    cluster_and_company, django_capture_on_commit_callbacks
) -> None:
    cluster, company = cluster_and_company
    with django_capture_on_commit_callbacks(execute=True):
        claims.verify_organization(network_admin(cluster), company)
    result = search_organizations(OrganizationQuery(text="plasticos", verified=True))
    assert company.pk in result.ids


def test_the_claimant_hears_the_decision_by_mail(
    cluster_and_company, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    cluster, company = cluster_and_company
    approver = network_admin(cluster)
    claim = claims.claim_organization(make_user("gerente@example.com"), company)
    other = claims.claim_organization(make_user("otro@example.com"), company)
    with django_capture_on_commit_callbacks(execute=True):
        claims.approve_claim(approver, claim.pk)
    with django_capture_on_commit_callbacks(execute=True):  # the company has an admin now: they decide
        claims.reject_claim(claim.user, other.pk)
    approved, rejected = mail.outbox
    assert approved.to == ["gerente@example.com"] and "ahora administras" in str(approved.body)
    assert f"/organizaciones/{company.slug}/" in str(approved.body)
    assert rejected.to == ["otro@example.com"] and "no fue aprobada" in str(rejected.body)


def test_a_rejected_claim_gives_no_role(cluster_and_company) -> None:
    cluster, company = cluster_and_company
    claim = claims.claim_organization(make_user("intruso@example.com"), company)
    claims.reject_claim(network_admin(cluster), claim.pk)
    claim.refresh_from_db()
    company.refresh_from_db()
    assert claim.status == Claim.Status.REJECTED
    assert not company.person_roles.exists() and not company.is_verified


def test_members_cannot_claim_again_and_outsiders_cannot_decide(cluster_and_company) -> None:
    _cluster, company = cluster_and_company
    member = member_of(company)
    with pytest.raises(DirectoryError):
        claims.claim_organization(member, company)
    claim = claims.claim_organization(make_user("claimant@example.com"), company)
    other_network = NetworkFactory.create(name="Otra red")
    other_company = OrganizationFactory.create(name="Otra empresa")
    for outsider in (member, admin_of(other_company), network_admin(other_network)):
        with pytest.raises(PermissionDenied):
            claims.approve_claim(outsider, claim.pk)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_verify_and_withdraw(cluster_and_company) -> None:
    _cluster, company = cluster_and_company
    boss = platform_admin()
    claims.verify_organization(boss, company)
    claims.verify_organization(boss, company)  # no change, no second entry
    claims.verify_organization(boss, company, verified=False)
    company.refresh_from_db()
    assert not company.is_verified
    assert actions() == ["organization.verified", "organization.unverified"]
    with pytest.raises(PermissionDenied):
        claims.verify_organization(admin_of(company), company)  # an org cannot vouch for itself


# --- Edit the profile ------------------------------------------------------------------------------


def test_update_profile_changes_public_fields_as_plain_text_and_audits_the_field_names() -> None:
    org = OrganizationFactory.create(name="Aceros Querétaro")
    admin = admin_of(org)
    organizations.update_profile(
        admin,
        org,
        description_es="<p>Aceros <em>especiales</em></p>",
        phone="442 555 1234",
        website="https://aceros.example",
        certifications=["ISO 9001", "iso 9001", " AS9100 "],
    )
    org.refresh_from_db()
    assert org.description_es == "Aceros especiales"
    assert org.phone == "+524425551234"
    assert sorted(org.certifications.values_list("name", flat=True)) == ["AS9100", "ISO 9001"]
    entry = AuditEntry.objects.get(action="organization.updated")
    assert entry.data["fields"] == ["description_es", "phone", "website", "certifications"]
    assert entry.actor == admin


@pytest.mark.parametrize("field", ["is_verified", "slug", "source", "denue_id", "is_demo", "logo"])
def test_update_profile_refuses_fields_admins_do_not_own(field: str) -> None:
    org = OrganizationFactory.create()
    with pytest.raises(DirectoryError) as excinfo:
        organizations.update_profile(admin_of(org), org, **{field: "1"})  # type: ignore[arg-type]
    assert excinfo.value.field == field
    org.refresh_from_db()
    assert not org.is_verified and not AuditEntry.objects.exists()


def test_update_profile_reports_bad_values_with_the_field_and_changes_nothing() -> None:
    org = OrganizationFactory.create(name="Aceros Querétaro")
    with pytest.raises(DirectoryError) as excinfo:
        organizations.update_profile(admin_of(org), org, name="Nuevo", email="no-es-correo")
    assert excinfo.value.field == "email"
    org.refresh_from_db()
    assert org.name == "Aceros Querétaro" and not AuditEntry.objects.exists()


# --- Logos -----------------------------------------------------------------------------------------


def stored(media_root: Path) -> list[Path]:
    return sorted((media_root / "logos").glob("*")) if (media_root / "logos").exists() else []


def test_a_logo_is_reencoded_as_a_small_png_without_metadata(media_root: Path) -> None:
    org = OrganizationFactory.create()
    exif = Image.Exif()
    exif[0x010F] = "Camara Secreta"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90°
    photo = image_bytes("JPEG", size=(1600, 1200), exif=exif.tobytes())

    name = organizations.set_logo(admin_of(org), org, upload(photo, "foto.jpg", "image/jpeg"))

    org.refresh_from_db()
    assert org.logo.name == name and logos.LOGO_NAME.match(logos.file_name(name))
    data = (media_root / name).read_bytes()
    with Image.open(BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.size == (384, 512)  # turned upright, then at most 512 px
        assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
    assert b"Camara Secreta" not in data
    assert actions() == ["organization.logo_changed"]


def test_a_new_logo_replaces_the_old_file(media_root: Path, django_capture_on_commit_callbacks) -> None:
    org = OrganizationFactory.create()
    admin = admin_of(org)
    with django_capture_on_commit_callbacks(execute=True):
        first = organizations.set_logo(admin, org, upload(image_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        second = organizations.set_logo(admin, org, upload(image_bytes("GIF")))
    assert first != second
    assert stored(media_root) == [media_root / second]
    with django_capture_on_commit_callbacks(execute=True):
        organizations.remove_logo(admin, org)
    assert stored(media_root) == []
    org.refresh_from_db()
    assert not org.logo


HTML_PAGE = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    "content",
    [
        HTML_PAGE,  # an HTML page named logo.png
        b"GIF89a/*" + HTML_PAGE + b"*/",  # a GIF header followed by script
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # a PNG signature with no image
        image_bytes()[:60],  # a truncated PNG
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
    ],
    ids=["html", "gif-script", "png-signature-only", "truncated", "svg"],
)
def test_fake_images_are_refused_by_their_content(content: bytes, media_root: Path) -> None:
    org = OrganizationFactory.create()
    with pytest.raises(logos.LogoError):
        organizations.set_logo(admin_of(org), org, upload(content, "logo.png", "image/png"))
    assert stored(media_root) == []
    org.refresh_from_db()
    assert not org.logo and not AuditEntry.objects.exists()


def test_a_polyglot_loses_its_payload(media_root: Path) -> None:
    org = OrganizationFactory.create()
    polyglot = image_bytes() + HTML_PAGE  # a valid PNG that is also an HTML page
    name = organizations.set_logo(admin_of(org), org, upload(polyglot))
    data = (media_root / name).read_bytes()
    assert b"<script" not in data and b"html" not in data.lower()


class Oversized:
    """An upload larger than the limit that fails the test if anyone reads it."""

    size = logos.MAX_LOGO_BYTES + 1

    def read(self, *args: object) -> bytes:
        raise AssertionError("read an oversized upload")

    def seek(self, *args: object) -> int:
        raise AssertionError("opened an oversized upload")


def test_an_oversized_logo_is_refused_before_it_is_read(media_root: Path) -> None:
    org = OrganizationFactory.create()
    with pytest.raises(logos.LogoError, match="2 MB"):
        organizations.set_logo(admin_of(org), org, Oversized())  # type: ignore[arg-type]
    assert stored(media_root) == []


def test_a_decompression_bomb_is_refused() -> None:
    org = OrganizationFactory.create()
    bomb = image_bytes("PNG", size=(12000, 12000), mode="1")  # small file, 144 megapixels
    assert len(bomb) < logos.MAX_LOGO_BYTES
    with pytest.raises(logos.LogoError):
        organizations.set_logo(admin_of(org), org, upload(bomb))


def test_only_the_organisations_admins_change_its_logo(media_root: Path) -> None:
    org = OrganizationFactory.create()
    other = OrganizationFactory.create()
    for person in (member_of(org), admin_of(other), network_admin(NetworkFactory.create(members=[org]))):
        with pytest.raises(PermissionDenied):
            organizations.set_logo(person, org, upload(image_bytes()))
    assert stored(media_root) == []


def test_logos_are_served_with_their_type_and_long_cache(client: Client) -> None:
    org = OrganizationFactory.create()
    name = organizations.set_logo(admin_of(org), org, upload(image_bytes()))
    response = client.get(f"/logos/{logos.file_name(name)}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    profile = client.get(f"/organizaciones/{org.slug}/").content.decode()
    assert f'src="/logos/{logos.file_name(name)}"' in profile


@pytest.mark.parametrize(
    "path",
    [
        "/logos/" + "a" * 32 + ".png",
        "/logos/..%2Fsettings.py",
        "/logos/logo.png",
        "/logos/" + "a" * 32 + ".html",
    ],
)
def test_anything_but_a_stored_logo_is_a_404(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


# --- The findings of the adversarial review (issue 11), as regression tests. --------------------------


def test_a_verified_organisation_that_changes_who_it_is_is_verified_again(cluster_and_company) -> None:
    _cluster, company = cluster_and_company
    owner = admin_of(company, email="duena@taller.example")
    company.is_verified = True
    company.save(update_fields=["is_verified"])
    organizations.update_profile(owner, company, description_es="Torno y fresado")
    assert Organization.objects.get(pk=company.pk).is_verified  # describing itself changes nothing
    client = Client()
    client.force_login(owner)
    initial = {k: "" if v is None else v for k, v in ProfileForm.initial_for(company).items()}
    form = initial | {"name": "Siemens México", "certifications": ""}
    response = client.post(f"/organizaciones/{company.slug}/editar/", form, follow=True)
    assert response.status_code == 200
    assert "dejó de estar verificada" in response.content.decode()
    assert not Organization.objects.get(pk=company.pk).is_verified
    entry = AuditEntry.objects.get(action="organization.unverified")
    assert entry.actor == owner and entry.data == {"changed": ["name"]}
