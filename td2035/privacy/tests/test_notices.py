"""The privacy notice (LFPDPPP): versions, public pages, consent asked again when a newer notice is published."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from td2035.accounts.models import AuditEntry
from td2035.privacy import notices
from td2035.privacy.models import PrivacyConsent, PrivacyNotice
from td2035.tests.people import person, signed_in

pytestmark = pytest.mark.django_db


def publish_v2(**texts: str) -> PrivacyNotice:
    staff = person("coordinacion@td2035.example", is_platform_admin=True)
    return notices.publish_notice(
        actor=staff,
        short_text_es=texts.get("short", "<p>Aviso simplificado, versión 2.</p>"),
        integral_text_es=texts.get("integral", "<h2>Responsable</h2><p>Versión 2 del aviso.</p>"),
        summary_of_changes="Nueva finalidad secundaria: encuestas.",
    )


def test_version_1_is_loaded_by_a_migration_with_every_required_section() -> None:
    notice = PrivacyNotice.objects.get(version=1)
    text = notice.integral_text_es
    for section in (
        "Quién es responsable",
        "Qué datos personales recabamos",
        "Finalidades primarias",
        "Finalidades secundarias",
        "Con quién compartimos",
        "derechos ARCO",
        "revocar su consentimiento",
        "Cambios a este aviso",
    ):
        assert section in text, section
    assert notice.short_text_es and notice.integral_text_en and notice.short_text_en


def test_public_notice_pages_fill_in_the_contact_and_show_the_version(client: Client, settings) -> None:
    settings.PRIVACY_CONTACT_EMAIL = "datos@coordinacion.example"
    html = client.get("/privacidad/").content.decode()
    assert '<h1 id="notice-title">Aviso de privacidad integral</h1>' in html
    assert 'href="mailto:datos@coordinacion.example"' in html and "{privacy_email}" not in html
    assert "Versión 1" in html
    short = client.get("/privacidad/simplificado/").content.decode()
    assert "Aviso de privacidad simplificado" in short and "finalidades secundarias" in short
    footer = client.get("/").content.decode()
    assert 'href="/privacidad/"' in footer and 'href="/privacidad/simplificado/"' in footer


def test_notice_text_is_sanitised() -> None:
    notice = publish_v2(
        integral='<h2 onclick="x()">Hola</h2><script>alert(1)</script><a href="javascript:x">y</a>'
    )
    html = notices.notice_html(notice, "integral")
    assert "<script" not in html and "onclick" not in html and "javascript:" not in html
    assert "<h2>Hola</h2>" in html


def test_only_platform_admins_publish_a_notice() -> None:
    with pytest.raises(PermissionDenied):
        notices.publish_notice(actor=person(), short_text_es="x", integral_text_es="y")
    notice = publish_v2()
    assert notice.version == 2 and notices.current_notice() == notice
    assert AuditEntry.objects.filter(action="privacy.notice_publish", target_id=str(notice.pk)).exists()


def test_a_newer_notice_is_asked_for_before_anything_else() -> None:
    user = person()
    client = signed_in(user)
    assert client.get("/directorio/").status_code == 200

    publish_v2()
    notices.ensure_privacy_notice()  # clears the cached current version
    response = client.get("/directorio/?q=maiz")
    assert response.status_code == 302
    assert response["Location"] == "/privacidad/consentimiento/?next=%2Fdirectorio%2F%3Fq%3Dmaiz"
    page = client.get(response["Location"]).content.decode()
    assert "Actualizamos nuestro aviso de privacidad" in page and "Nueva finalidad secundaria" in page

    # Reading the notice, leaving, or taking one's data away stay possible.
    assert client.get("/privacidad/").status_code == 200
    assert client.get("/cuenta/logout/").status_code == 200

    refused = client.post("/privacidad/consentimiento/", {"next": "/directorio/?q=maiz"})
    assert refused.status_code == 200 and not PrivacyConsent.objects.filter(user=user, version=2).exists()
    accepted = client.post(
        "/privacidad/consentimiento/",
        {"accept_privacy": "on", "next": "/directorio/?q=maiz"},
        REMOTE_ADDR="192.0.2.5",
    )
    assert accepted.status_code == 302 and accepted["Location"] == "/directorio/?q=maiz"
    consent = PrivacyConsent.objects.get(user=user, version=2)
    assert consent.ip_address == "192.0.2.5"
    assert client.get("/directorio/").status_code == 200


def test_consent_page_refuses_an_outside_next_url() -> None:
    client = signed_in(person())
    publish_v2()
    notices.ensure_privacy_notice()
    response = client.post(
        "/privacidad/consentimiento/", {"accept_privacy": "on", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_htmx_requests_are_sent_to_the_consent_page_with_hx_redirect() -> None:
    client = signed_in(person())
    publish_v2()
    notices.ensure_privacy_notice()
    response = client.get("/directorio/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith("/privacidad/consentimiento/")


def test_someone_who_never_consented_is_asked_at_sign_in() -> None:
    user = person("creada.por.staff@example.com", consent=False)
    client = signed_in(user)
    response = client.get("/cuenta/")
    assert response.status_code == 302 and response["Location"].startswith("/privacidad/consentimiento/")
    assert "Acepta el aviso de privacidad" in client.get(response["Location"]).content.decode()


def test_anonymous_visitors_are_never_redirected(client: Client) -> None:
    publish_v2()
    notices.ensure_privacy_notice()
    assert client.get("/").status_code == 200


def test_a_notice_published_in_the_future_is_not_current_yet() -> None:
    from datetime import timedelta

    from django.utils import timezone

    staff = person("coordinacion@td2035.example", is_platform_admin=True)
    later = notices.publish_notice(
        actor=staff, short_text_es="x", integral_text_es="y", published_at=timezone.now() + timedelta(days=3)
    )
    assert later.version == 2 and notices.current_notice().version == 1  # type: ignore[union-attr]


def test_publishing_from_the_admin_goes_through_the_service() -> None:
    staff = person("coordinacion@td2035.example", is_platform_admin=True, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    response = client.post(
        "/admin/privacy/privacynotice/add/",
        {
            "short_text_es": "<p>Versión 2, simplificada.</p>",
            "integral_text_es": "<p>Versión 2, integral.</p>",
            "short_text_en": "",
            "integral_text_en": "",
            "summary_of_changes": "Encuestas.",
            "published_at_0": "2026-01-05",
            "published_at_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    notice = PrivacyNotice.objects.get(version=2)
    assert notice.summary_of_changes == "Encuestas."
    assert AuditEntry.objects.filter(action="privacy.notice_publish", actor=staff).exists()
    page = client.get(f"/admin/privacy/privacynotice/{notice.pk}/change/")
    assert page.status_code == 200 and 'name="short_text_es"' not in page.content.decode(), "read-only"


def test_a_token_stops_working_until_its_owner_accepts_the_new_notice() -> None:
    """Regression: the consent middleware let /api/ through, so a token bypassed a newer notice."""
    from td2035.accounts import tokens
    from td2035.tests.factories import OrganizationFactory
    from td2035.tests.people import admin_of

    org = OrganizationFactory.create(name="Tortillería La Esperanza")
    user = admin_of(org, person())
    _token, secret = tokens.create_token(actor=user, name="hoja", scope="write")
    bearer = {"Authorization": f"Bearer {secret}"}
    api = Client()
    assert api.get("/api/v1/organizations", headers=bearer).status_code == 200
    publish_v2()
    notices.ensure_privacy_notice()  # clears the cached current version

    for response in (
        api.get("/api/v1/organizations", headers=bearer),
        api.get(f"/api/v1/organizations/{org.slug}/matches", headers=bearer),
        api.patch(
            f"/api/v1/organizations/{org.slug}",
            {"description": "x"},
            content_type="application/json",
            headers=bearer,
        ),
    ):
        assert response.status_code == 403, response.content
        body = response.json()
        url = "http://testserver/privacidad/consentimiento/"
        message = f"Acepta el nuevo aviso de privacidad en {url}. / Accept the new privacy notice at {url}."
        assert body == {"detail": message, "errors": [{"field": None, "message": message}]}
    assert api.get("/api/v1/organizations").status_code == 200, "reads without a token are unchanged"
    assert api.get("/api/v1/organizations", HTTP_AUTHORIZATION="Bearer nope").status_code == 200

    site = signed_in(user)
    site.post("/privacidad/consentimiento/", {"accept_privacy": "on"})
    assert PrivacyConsent.objects.filter(user=user, version=2).exists()
    assert api.get("/api/v1/organizations", headers=bearer).status_code == 200
