"""Private attachments (a listing's drawings, an inquiry's files): the type is decided by the content,
never by the name or the browser's Content-Type. Used by market and inquiries.

Accepted: PDF (starts with `%PDF-`, ends with `%%EOF`) and PNG, JPEG or WebP images that Pillow decodes
and verifies. At most MAX_BYTES each (how many per listing or message is the caller's rule). Files are stored under random names outside
MEDIA_ROOT and served only to the people the caller allows, as downloads, with `nosniff` and a sandboxing
CSP so that a file can never run as a page of this site.
"""

import re
import secrets
import unicodedata
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from td2035.core.errors import Refusal

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 10000 * 10000
IMAGE_FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "WEBP": ("image/webp", "webp")}


class AttachmentError(Refusal):
    """The file cannot be attached; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    def as_file(self) -> ContentFile[bytes]:
        extension = self.name.rsplit(".", 1)[-1]
        return ContentFile(self.content, name=f"{secrets.token_hex(16)}.{extension}")


def not_accepted(name: str) -> AttachmentError:
    return AttachmentError(
        _("«%(name)s» no es un PDF ni una imagen PNG, JPEG o WebP válida. / It is not a valid PDF or image.")
        % {"name": name}
    )


def check(upload: IO[bytes], original_name: str = "") -> CheckedFile:
    """The upload's content and its real type, or AttachmentError."""
    name = display_name(original_name or getattr(upload, "name", "") or "adjunto")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise AttachmentError(
            _("«%(name)s» pesa más de 10 MB. / The file is larger than 10 MB.") % {"name": name}
        )
    upload.seek(0)
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise AttachmentError(
            _("«%(name)s» pesa más de 10 MB. / The file is larger than 10 MB.") % {"name": name}
        )
    if not content:
        raise AttachmentError(_("«%(name)s» está vacío. / The file is empty.") % {"name": name})
    if content.startswith(b"%PDF-"):
        if b"%%EOF" not in content[-2048:]:
            raise not_accepted(name)
        return CheckedFile(_with_extension(name, "pdf"), "application/pdf", content)
    image_format = _image_format(content)
    if image_format is None:
        raise not_accepted(name)
    content_type, extension = IMAGE_FORMATS[image_format]
    return CheckedFile(_with_extension(name, extension), content_type, content)


def _image_format(content: bytes) -> str | None:
    from io import BytesIO

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(content), formats=tuple(IMAGE_FORMATS)) as image:
                if image.width * image.height > MAX_PIXELS:
                    return None
                image.verify()
                return image.format
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    except (OSError, SyntaxError, ValueError, EOFError):
        return None


def display_name(name: str) -> str:
    """A harmless file name to show: no path, no control characters, at most 120 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[:120] or "adjunto"


def _with_extension(name: str, extension: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem[:110]}.{extension}"


def download_response(handle: IO[bytes], name: str, content_type: str) -> FileResponse:
    response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
