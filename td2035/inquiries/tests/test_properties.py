"""Whatever people write in an inquiry (the thread pages and the API), the answer is a message that reads
back as stored or a refusal; never another exception. See td2035/tests/hostile.py for the values."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from td2035.inquiries import services
from td2035.inquiries.models import Inquiry, InquiryMessage
from td2035.inquiries.tests.helpers import Cast, cast
from td2035.tests.hostile import assert_reads_back, attempt, hostile, texts
from td2035.tests.people import image_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
upload = st.tuples(texts, st.one_of(st.just(PDF), st.just(image_bytes()), st.binary(max_size=300)))
uploads = st.one_of(st.just([]), st.lists(upload, max_size=4))


@pytest.fixture
def c(settings, tmp_path) -> Cast:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    return cast()


def files(given_: list[tuple[str, bytes]]) -> list[SimpleUploadedFile]:
    made = []
    for name, content in given_:
        upload = SimpleUploadedFile("archivo.pdf", content)
        upload._name = name  # type: ignore[attr-defined]  # as a client may send it (Django's setter tidies it)
        made.append(upload)
    return made


def message_reads_back(message: InquiryMessage) -> None:
    assert_reads_back(message, "body", "share_email")
    for stored in message.attachments.all():  # type: ignore[attr-defined]
        assert_reads_back(stored, "name", "content_type", "size")


@hostile
@given(body=texts, given_files=uploads, share=st.booleans())
def test_start_inquiry_stores_the_message_or_refuses(
    c: Cast, body: str, given_files: list[tuple[str, bytes]], share: bool
) -> None:
    attempt(
        lambda: services.start_inquiry(
            c.seller, c.need, c.supplier, body, attachments=files(given_files), share_email=share
        ),
        lambda inquiry: message_reads_back(inquiry.messages.get()),  # type: ignore[attr-defined]
    )


@hostile
@given(body=texts, given_files=uploads)
def test_reply_stores_the_message_or_refuses(
    c: Cast, body: str, given_files: list[tuple[str, bytes]]
) -> None:
    inquiry = Inquiry.objects.filter(listing=c.need).first() or services.start_inquiry(
        c.seller, c.need, c.supplier, "¿Aceptan aluminio 6061?"
    )
    attempt(
        lambda: services.reply(c.buyer, inquiry, body, attachments=files(given_files)), message_reads_back
    )
    assert isinstance(attempt(lambda: services.reply(c.stranger, inquiry, body)), Exception)
    assert isinstance(attempt(lambda: services.close_inquiry(c.stranger, inquiry)), Exception)
