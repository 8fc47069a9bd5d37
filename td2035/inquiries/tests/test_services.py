"""Rules of inquiries: who may start, reply and close; one thread per listing and asker; notifications."""

from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from td2035.inquiries import services
from td2035.inquiries.models import Inquiry, InquiryAttachment, InquiryMessage, InquiryStatus
from td2035.inquiries.tests.helpers import Cast, cast, make_listing
from td2035.market.models import ListingStatus, Visibility
from td2035.notifications.models import Notification
from td2035.tests.factories import NetworkFactory, add_member
from td2035.tests.people import image_bytes, make_user, member_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def c() -> Cast:
    return cast()


def test_supplier_asks_and_the_plants_people_are_notified(c: Cast) -> None:
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "¿Aceptan aluminio 6061-T651?")
    assert inquiry.status == InquiryStatus.OPEN
    assert inquiry.publisher_organization == c.plant
    notified = set(Notification.objects.values_list("user__email", flat=True))
    assert notified == {c.buyer.email, c.plant_admin.email}
    note = Notification.objects.get(user=c.buyer)
    assert note.url == f"/consultas/{inquiry.pk}/"
    assert "Maquinados Finos" in note.subject
    assert "6061" not in note.subject + note.body  # private text stays in the thread


def test_notifications_and_their_emails_carry_no_text_of_the_thread(
    c: Cast, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    from td2035.notifications.tasks import send_notification_email

    with django_capture_on_commit_callbacks(execute=True):
        inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Precio secreto 4711 por pieza")
        services.reply(c.buyer, inquiry, "Contraoferta secreta 0815")
    for note in Notification.objects.all():
        send_notification_email.call(note.pk, "")
        assert "4711" not in note.subject + note.body and "0815" not in note.subject + note.body
    assert mail.outbox and all("4711" not in m.body and "0815" not in m.body for m in mail.outbox)


def test_replies_switch_status_and_notify_only_the_other_side(c: Cast) -> None:
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Pregunta")
    Notification.objects.all().delete()
    services.reply(c.buyer, inquiry, "Sí, aceptamos 6061-T651.")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    assert list(Notification.objects.values_list("user__email", flat=True)) == [c.seller.email]
    services.reply(c.seller, inquiry, "Gracias, enviamos cotización.")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.OPEN
    assert set(Notification.objects.values_list("user__email", flat=True)) == {
        c.seller.email,
        c.buyer.email,
        c.plant_admin.email,
    }


def test_the_author_is_not_notified_of_their_own_message(c: Cast) -> None:
    colleague = member_of(c.supplier, make_user("otra@maquinados.example"))
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Pregunta")
    services.reply(c.buyer, inquiry, "Respuesta")
    assert Notification.objects.filter(user=c.buyer).count() == 1  # the question, not their own answer
    assert Notification.objects.filter(user=c.seller).count() == 1
    assert Notification.objects.filter(user=colleague).count() == 1


def test_asking_again_appends_to_the_same_thread_and_reopens_it(c: Cast) -> None:
    first = services.start_inquiry(c.seller, c.need, c.supplier, "Uno")
    services.close_inquiry(c.buyer, first)
    again = services.start_inquiry(c.seller, c.need, c.supplier, "Dos")
    assert again.pk == first.pk
    assert Inquiry.objects.count() == 1
    assert again.status == InquiryStatus.OPEN
    assert list(InquiryMessage.objects.values_list("body", flat=True)) == ["Uno", "Dos"]


def test_nobody_asks_their_own_organisation(c: Cast) -> None:
    with pytest.raises(services.InquiryError):
        services.start_inquiry(c.buyer, c.need, c.plant, "¿Hola?")
    assert not Inquiry.objects.exists()


def test_only_members_speak_for_an_organisation(c: Cast) -> None:
    with pytest.raises(Http404):
        services.start_inquiry(c.stranger, c.need, c.supplier, "Me hago pasar")
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize("status", [ListingStatus.DRAFT, ListingStatus.CLOSED, ListingStatus.EXPIRED])
def test_only_published_listings_take_inquiries(c: Cast, status: str) -> None:
    listing = make_listing(c.plant, status=status)
    with pytest.raises((services.InquiryError, Http404)):
        services.start_inquiry(c.seller, listing, c.supplier, "¿Sigue abierta?")
    assert not Inquiry.objects.exists()


def test_listings_shown_to_other_networks_cannot_be_asked_about(c: Cast) -> None:
    network = NetworkFactory.create(members=[c.plant])
    private = make_listing(c.plant, visibility=Visibility.NETWORKS)
    private.networks.set([network])
    with pytest.raises(Http404):
        services.start_inquiry(c.seller, private, c.supplier, "Hola")
    add_member(network, c.supplier)
    assert services.start_inquiry(c.seller, private, c.supplier, "Hola").pk


@pytest.mark.parametrize("body", ["", "   \n ", "\x00\x00", "x" * (services.MAX_BODY + 1)])
def test_empty_huge_and_nul_only_bodies_are_refused(c: Cast, body: str) -> None:
    with pytest.raises(services.InquiryError) as refused:
        services.start_inquiry(c.seller, c.need, c.supplier, body)
    assert refused.value.field == "body"
    assert not Inquiry.objects.exists()


def test_nul_bytes_are_removed_from_bodies(c: Cast) -> None:
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Ho\x00la")
    assert inquiry.messages.get().body == "Hola"


def test_strangers_cannot_reply_or_close(c: Cast) -> None:
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Pregunta")
    with pytest.raises(Http404):
        services.reply(c.stranger, inquiry, "Me meto")
    with pytest.raises(Http404):
        services.close_inquiry(c.stranger, inquiry)
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.OPEN and inquiry.messages.count() == 1


def test_a_closed_thread_takes_no_replies(c: Cast) -> None:
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Pregunta")
    services.close_inquiry(c.seller, inquiry)
    with pytest.raises(services.InquiryError):
        services.reply(c.buyer, inquiry, "Tarde")
    assert inquiry.messages.count() == 1
    assert Notification.objects.filter(user=c.buyer, kind="inquiry.closed").count() == 1


def upload(content: bytes, name: str, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_pdf_and_images_are_stored_with_the_type_their_content_says(
    c: Cast, settings: Any, tmp_path: Any
) -> None:
    settings.VAR_DIR = tmp_path
    files = [upload(PDF, "plano.pdf"), upload(image_bytes("JPEG"), "foto.png", "image/png")]
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Adjunto plano", attachments=files)
    stored = {a.name: a.content_type for a in InquiryAttachment.objects.filter(message__inquiry=inquiry)}
    assert stored == {"plano.pdf": "application/pdf", "foto.jpg": "image/jpeg"}


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "plano.pdf"),
        (b"MZ\x90\x00 executable", "foto.png"),
        (b"%PDF-1.4 but never ends", "truncado.pdf"),
        (image_bytes("PNG")[:40], "roto.png"),
        (image_bytes("GIF"), "anim.gif"),
        (b"", "vacio.pdf"),
    ],
)
def test_lying_or_broken_attachments_are_refused_and_nothing_is_stored(
    c: Cast, content: bytes, name: str, settings: Any, tmp_path: Any
) -> None:
    settings.VAR_DIR = tmp_path
    with pytest.raises(services.InquiryError) as refused:
        services.start_inquiry(c.seller, c.need, c.supplier, "Hola", attachments=[upload(content, name)])
    assert refused.value.field == "attachments"
    assert not Inquiry.objects.exists() and not InquiryAttachment.objects.exists()
    assert not Notification.objects.exists()


def test_too_many_or_too_large_attachments_are_refused(c: Cast) -> None:
    with pytest.raises(services.InquiryError):
        services.start_inquiry(c.seller, c.need, c.supplier, "Hola", attachments=[upload(PDF, "a.pdf")] * 4)
    big = BytesIO(PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(services.InquiryError):
        services.start_inquiry(c.seller, c.need, c.supplier, "Hola", attachments=[big])
    assert not Inquiry.objects.exists()


def test_a_person_cannot_flood_other_inboxes(c: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MESSAGES_PER_HOUR", 3)
    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "1")
    services.reply(c.seller, inquiry, "2")
    services.reply(c.seller, inquiry, "3")
    with pytest.raises(services.InquiryError) as refused:
        services.reply(c.seller, inquiry, "4")
    assert refused.value.field == "rate"
    assert inquiry.messages.count() == 3
    services.reply(c.buyer, inquiry, "La planta aún puede responder")


def test_personal_data_holds_my_messages_and_notifications_only(c: Cast) -> None:
    from td2035.inquiries.queries import personal_data as my_messages
    from td2035.notifications.queries import personal_data as my_notifications

    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Mi pregunta")
    services.reply(c.buyer, inquiry, "Su respuesta")
    assert [m["body"] for m in my_messages(c.seller)] == ["Mi pregunta"]
    assert [m["body"] for m in my_messages(c.buyer)] == ["Su respuesta"]
    assert [n["url"] for n in my_notifications(c.seller)] == [f"/consultas/{inquiry.pk}/"]
    assert my_notifications(c.stranger) == [] and my_messages(c.stranger) == []


def test_the_arco_download_holds_my_messages_through_the_privacy_registry(c: Cast) -> None:
    """Privacy cannot import inquiries: inquiries registers its section (apps.py) and the download has it."""
    from td2035.privacy.personal_data import personal_data

    inquiry = services.start_inquiry(c.seller, c.need, c.supplier, "Mi pregunta")
    services.reply(c.buyer, inquiry, "Su respuesta")
    mine = personal_data(c.seller)
    assert [m["body"] for m in mine["inquiry_messages"]] == ["Mi pregunta"]
    assert list(mine)[-2:] == ["notifications", "inquiry_messages"]
    assert personal_data(c.stranger)["inquiry_messages"] == []
