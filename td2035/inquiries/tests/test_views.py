"""Pages of inquiries: only participants see a thread; forms refuse bad input with 400 and store nothing."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from td2035.accounts.models import User
from td2035.inquiries import services
from td2035.inquiries.models import Inquiry, InquiryAttachment, InquiryMessage, InquiryStatus
from td2035.inquiries.tests.helpers import Cast, cast, make_listing
from td2035.market.models import ListingStatus
from td2035.tests.people import platform_admin

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def c() -> Cast:
    return cast()


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def start_url(c: Cast) -> str:
    return reverse("inquiries:start", args=[c.need.pk])


def test_start_url_is_the_contracts() -> None:
    assert reverse("inquiries:start", args=[7]) == "/consultas/nueva/7/"


def test_a_supplier_starts_a_thread_from_the_page(c: Cast) -> None:
    client = as_user(c.seller)
    page = client.get(start_url(c))
    assert page.status_code == 200 and "Maquinado de 500 bridas" in page.content.decode()
    response = client.post(
        start_url(c),
        {
            "organization": c.supplier.pk,
            "body": "¿Plazo de 3 semanas?",
            "attachments": [SimpleUploadedFile("p.pdf", PDF)],
        },
    )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/consultas/{inquiry.pk}/"
    assert InquiryAttachment.objects.filter(message__inquiry=inquiry).count() == 1


def test_the_start_page_sends_anonymous_people_to_sign_in(c: Cast) -> None:
    response = Client().get(start_url(c))
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]


def test_people_without_another_organisation_are_told_why(c: Cast) -> None:
    response = as_user(c.buyer).get(start_url(c))
    assert response.status_code == 403
    assert 'id="no-organization"' in response.content.decode()


def test_an_invisible_or_draft_listing_is_404(c: Cast) -> None:
    draft = make_listing(c.plant, status=ListingStatus.DRAFT)
    assert as_user(c.seller).get(reverse("inquiries:start", args=[draft.pk])).status_code == 404
    assert as_user(c.seller).get(reverse("inquiries:start", args=[999_999])).status_code == 404


def test_asking_in_the_name_of_another_organisation_is_refused(c: Cast) -> None:
    response = as_user(c.seller).post(start_url(c), {"organization": c.outsider.pk, "body": "Hola"})
    assert response.status_code == 400
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "a\x00b", "x" * 5001])
def test_bad_bodies_get_400_and_nothing_is_stored(c: Cast, body: str) -> None:
    response = as_user(c.seller).post(start_url(c), {"organization": c.supplier.pk, "body": body})
    assert response.status_code == 400
    assert 'class="error' in response.content.decode()
    assert not Inquiry.objects.exists()


def test_a_lying_attachment_gets_400_with_a_message(c: Cast) -> None:
    fake = SimpleUploadedFile("plano.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = as_user(c.seller).post(
        start_url(c), {"organization": c.supplier.pk, "body": "Hola", "attachments": [fake]}
    )
    assert response.status_code == 400
    assert "no es un PDF" in response.content.decode()
    assert not Inquiry.objects.exists() and not InquiryMessage.objects.exists()


def test_the_thread_is_for_participants_only(c: Cast) -> None:
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Pregunta")
    url = reverse("inquiries:thread", args=[inquiry.pk])
    assert as_user(c.seller).get(url).status_code == 200
    assert as_user(c.plant_admin).get(url).status_code == 200
    assert as_user(c.stranger).get(url).status_code == 404
    assert as_user(platform_admin()).get(url).status_code == 404
    assert as_user(c.stranger).post(url, {"body": "Me meto"}).status_code == 404
    assert as_user(c.stranger).post(reverse("inquiries:close", args=[inquiry.pk])).status_code == 404
    assert inquiry.messages.count() == 1


def test_script_is_shown_escaped_and_emails_stay_hidden_unless_shared(c: Cast) -> None:
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "<script>alert('x')</script>")
    services.reply(c.buyer, inquiry, "Con correo", share_email=True)
    html = as_user(c.seller).get(reverse("inquiries:thread", args=[inquiry.pk])).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html and "<script>alert(" not in html
    assert c.seller.email not in html.split('id="messages"')[1]  # not shared
    assert f"mailto:{c.buyer.email}" in html  # shared with that message


def test_reply_and_close_from_the_thread_page(c: Cast) -> None:
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Pregunta")
    client = as_user(c.buyer)
    url = reverse("inquiries:thread", args=[inquiry.pk])
    assert client.post(url, {"body": "Respuesta"}).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    assert client.post(reverse("inquiries:close", args=[inquiry.pk])).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.CLOSED
    page = client.get(url).content.decode()
    assert 'id="closed-notice"' in page and 'id="reply-form"' not in page
    assert client.post(url, {"body": "Tarde"}).status_code == 400
    assert inquiry.messages.count() == 2


def test_attachments_are_served_to_participants_only_as_downloads(c: Cast) -> None:
    inquiry = services.start_inquiry(
        c.seller, c.need, c.supplier, "Plano", attachments=[SimpleUploadedFile("plano.pdf", PDF)]
    )
    item = InquiryAttachment.objects.get()
    url = reverse("inquiries:attachment", args=[inquiry.pk, item.pk])
    response = as_user(c.buyer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert as_user(c.stranger).get(url).status_code == 404
    other = services.start_inquiry(c.stranger, c.need, c.outsider, "Otra")
    assert (
        as_user(c.stranger).get(reverse("inquiries:attachment", args=[other.pk, item.pk])).status_code == 404
    )


def test_inbox_lists_my_threads_by_status(c: Cast, django_assert_max_num_queries: Any) -> None:
    mine = services.start_inquiry(c.seller, c.need, c.supplier, "Pregunta")
    second = make_listing(c.plant, title="Pintura electrostática")
    services.start_inquiry(c.seller, second, c.supplier, "Otra")
    services.reply(c.buyer, mine, "Respuesta")
    theirs = services.start_inquiry(c.stranger, c.need, c.outsider, "Ajena")
    client = as_user(c.seller)
    client.get(reverse("inquiries:inbox"))  # the first request records the session
    with django_assert_max_num_queries(12):  # as many with 3 threads as with 1: no query per row
        html = client.get(reverse("inquiries:inbox")).content.decode()
    assert f"/consultas/{mine.pk}/" in html and f"/consultas/{theirs.pk}/" not in html
    answered = client.get(reverse("inquiries:inbox") + "?estado=answered").content.decode()
    assert f"/consultas/{mine.pk}/" in answered and "Pintura electrostática" not in answered
    plant_view = as_user(c.buyer).get(reverse("inquiries:inbox")).content.decode()
    assert f"/consultas/{theirs.pk}/" in plant_view and f"/consultas/{mine.pk}/" in plant_view


def test_pages_speak_english_too(c: Cast) -> None:
    client = as_user(c.seller)
    client.cookies["django_language"] = "en"
    assert "<h1>Inquiries</h1>" in client.get(reverse("inquiries:inbox")).content.decode()
    start = client.get(start_url(c)).content.decode()
    assert "Share my e-mail address with the other organisation" in start
    supply = client.get("/mercado/cadena/").content.decode()
    assert "Which sectors buy from which?" in supply and "What is counted" in supply


def test_attachments_are_stored_under_the_private_var_dir(c: Cast, tmp_path: Any) -> None:
    services.start_inquiry(
        c.seller, c.need, c.supplier, "Plano", attachments=[SimpleUploadedFile("p.pdf", PDF)]
    )
    stored = InquiryAttachment.objects.get().file.path
    assert stored.startswith(str(tmp_path / "private" / "inquiries"))
