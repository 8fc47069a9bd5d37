"""Attachments: PDF, PNG, JPEG and WebP checked by their bytes (not their name or declared type), size
and count limits, stored outside MEDIA_ROOT and served only to people who may see the listing."""

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from td2035.market import services
from td2035.market.models import ListingAttachment
from td2035.market.tests.helpers import plant, publish_need
from td2035.tests.people import image_bytes, make_user, member_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def upload(content: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def need() -> Any:
    org = plant()
    user = member_of(org)
    return publish_need(org, user), user


@pytest.mark.parametrize(
    ("content", "name", "declared", "stored_type"),
    [
        (PDF, "plano.pdf", "application/pdf", "application/pdf"),
        (image_bytes("PNG"), "foto.png", "image/png", "image/png"),
        (image_bytes("JPEG"), "foto.jpeg", "image/jpeg", "image/jpeg"),
        (image_bytes("WEBP"), "foto.webp", "image/webp", "image/webp"),
        (image_bytes("PNG"), "plano.pdf", "application/pdf", "image/png"),  # the bytes decide, and the name
    ],
)
def test_accepted_files_are_stored_privately(
    need: Any, private_dir: Path, content: bytes, name: str, declared: str, stored_type: str
) -> None:
    listing, user = need
    attachment = services.add_attachment(user, listing, upload(content, name, declared))
    assert attachment.content_type == stored_type
    assert Path(attachment.file.path).read_bytes() == content
    assert Path(attachment.file.path).is_relative_to(private_dir / "private")
    assert not Path(attachment.file.path).is_relative_to(private_dir / "media")
    assert attachment.name.endswith({"application/pdf": ".pdf", "image/png": ".png"}.get(stored_type, ""))


@pytest.mark.parametrize(
    ("content", "name", "declared"),
    [
        (b"<html><script>alert(1)</script></html>", "plano.pdf", "application/pdf"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "dibujo.png", "image/png"),
        (b"\x89PNG\r\n\x1a\n" + b"no es una imagen" * 10, "roto.png", "image/png"),
        (b"MZ\x90\x00 ejecutable", "manual.pdf", "application/pdf"),
        (b"%PDF-1.4 cortado sin final", "trunco.pdf", "application/pdf"),
        (image_bytes("GIF"), "animacion.gif", "image/gif"),
        (image_bytes("BMP"), "foto.jpg", "image/jpeg"),
    ],
)
def test_files_that_lie_about_their_type_are_refused(
    need: Any, content: bytes, name: str, declared: str
) -> None:
    listing, user = need
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(user, listing, upload(content, name, declared))
    assert "file" in exc.value.message_dict
    assert ListingAttachment.objects.count() == 0


def test_size_and_count_limits(need: Any, private_dir: Path) -> None:
    listing, user = need
    big = PDF[:-7] + b"0" * services.MAX_ATTACHMENT_BYTES + b"\n%%EOF\n"
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(user, listing, upload(big, "grande.pdf", "application/pdf"))
    assert "10 MB" in exc.value.message_dict["file"][0]
    with pytest.raises(ValidationError):
        services.add_attachment(user, listing, upload(b"", "vacio.pdf", "application/pdf"))
    for n in range(services.MAX_ATTACHMENTS):
        services.add_attachment(user, listing, upload(PDF, f"plano-{n}.pdf", "application/pdf"))
    with pytest.raises(ValidationError):
        services.add_attachment(user, listing, upload(PDF, "sexto.pdf", "application/pdf"))
    assert listing.attachments.count() == services.MAX_ATTACHMENTS
    assert not list((private_dir / "private").rglob("grande*"))


def test_only_members_attach_and_remove(need: Any) -> None:
    listing, user = need
    outsider = make_user("otra@example.com")
    with pytest.raises(PermissionDenied):
        services.add_attachment(outsider, listing, upload(PDF, "plano.pdf", "application/pdf"))
    attachment = services.add_attachment(user, listing, upload(PDF, "plano.pdf", "application/pdf"))
    with pytest.raises(PermissionDenied):
        services.remove_attachment(outsider, attachment)
    assert ListingAttachment.objects.filter(pk=attachment.pk).exists()


def test_download_is_an_attachment_with_nosniff_and_only_for_viewers(need: Any) -> None:
    listing, user = need
    attachment = services.add_attachment(user, listing, upload(PDF, "plano <b>.pdf", "text/html"))
    url = f"/mercado/{listing.pk}/adjuntos/{attachment.pk}/"
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    # a draft's file is not for outsiders
    draft = services.create_listing(
        user, listing.organization, kind="offer", title="Borrador", description="x"
    )
    hidden = services.add_attachment(user, draft, upload(PDF, "secreto.pdf", "application/pdf"))
    assert Client().get(f"/mercado/{draft.pk}/adjuntos/{hidden.pk}/").status_code == 404
    # nor reachable through another listing's address
    assert Client().get(f"/mercado/{listing.pk}/adjuntos/{hidden.pk}/").status_code == 404
    member = Client()
    member.force_login(user)
    assert member.get(f"/mercado/{draft.pk}/adjuntos/{hidden.pk}/").status_code == 200


def test_upload_and_remove_through_the_listing_page(need: Any) -> None:
    listing, user = need
    client = Client()
    client.force_login(user)
    page = f"/mercado/{listing.pk}/"
    response = client.post(
        f"{page}adjuntos/", {"file": upload(b"<script>", "x.png", "image/png")}, follow=True
    )
    assert "no es un PDF ni una imagen PNG, JPEG o WebP válida" in response.content.decode()
    assert listing.attachments.count() == 0
    client.post(f"{page}adjuntos/", {"file": upload(image_bytes("PNG"), "pieza.png", "image/png")})
    attachment = listing.attachments.get()
    assert "pieza.png" in client.get(page).content.decode()
    client.post(f"{page}adjuntos/{attachment.pk}/quitar/")
    assert listing.attachments.count() == 0
