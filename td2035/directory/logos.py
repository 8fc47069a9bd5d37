"""Organisation logos: an upload is trusted only after Pillow has decoded it and written a new PNG.

The type is decided by the content (Pillow's decoders for PNG, JPEG, GIF and WebP only), never by the
file name or the browser's Content-Type. The stored file is a fresh PNG of at most 512 px with no
metadata (EXIF, text chunks, colour profiles), so a polyglot (an image that is also HTML or a script)
loses its payload. Files get random names under MEDIA_ROOT/logos/ and are served by `logo_response`,
which works without a web server configured for uploads.
"""

import re
import secrets
import warnings
from io import BytesIO
from typing import IO, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from td2035.core.errors import Refusal

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_SIDE = 512
MAX_SOURCE_PIXELS = 6000 * 6000  # refuse decompression bombs long before Pillow's own limit
ACCEPTED_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
LOGO_DIR = "logos"
LOGO_NAME = re.compile(r"^[0-9a-f]{32}\.png$")
CACHE_SECONDS = 365 * 24 * 3600  # names are random and change with every upload


class LogoError(Refusal):
    """The upload is not a usable logo; the message says why, for the person who sent it."""


def too_large_message() -> str:
    return _("El logotipo pesa más de 2 MB; sube una imagen más ligera. / The logo is larger than 2 MB.")


def check_size(upload: IO[bytes]) -> None:
    size = getattr(upload, "size", None)
    if size is None or size > MAX_LOGO_BYTES:
        raise LogoError(too_large_message())
    if size == 0:
        raise LogoError(_("El archivo está vacío. / The file is empty."))


def not_an_image() -> LogoError:
    return LogoError(
        _(
            "El archivo no es una imagen PNG, JPEG, GIF o WebP válida. / "
            "The file is not a valid PNG, JPEG, GIF or WebP image."
        )
    )


def reencode(upload: IO[bytes]) -> bytes:
    """The upload as a clean PNG (at most 512 px a side, no metadata), or LogoError."""
    check_size(upload)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=ACCEPTED_FORMATS) as probe:
                if probe.width * probe.height > MAX_SOURCE_PIXELS:
                    raise LogoError(_("La imagen es demasiado grande (más de 6000 × 6000 píxeles)."))
                probe.verify()
            upload.seek(0)
            with Image.open(upload, formats=ACCEPTED_FORMATS) as image:
                image.load()
                return _clean_png(image)
    except LogoError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise not_an_image() from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # truncated or corrupt image data
        raise not_an_image() from exc


def _clean_png(image: Image.Image) -> bytes:
    image = ImageOps.exif_transpose(image) or image
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    converted = image.convert(mode)
    converted.thumbnail((MAX_LOGO_SIDE, MAX_LOGO_SIDE), Image.Resampling.LANCZOS)
    clean = Image.new(mode, converted.size)  # a new image carries no info, EXIF or ICC profile
    clean.paste(converted)
    out = BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return out.getvalue()


def store(png: bytes) -> str:
    """Save a re-encoded logo under a random name; returns the storage name (logos/<hex>.png)."""
    return default_storage.save(f"{LOGO_DIR}/{secrets.token_hex(16)}.png", ContentFile(png))


def delete(name: str) -> None:
    if name and default_storage.exists(name):
        default_storage.delete(name)


def file_name(storage_name: str) -> str:
    """The part of the storage name that goes into the logo URL."""
    return storage_name.rsplit("/", 1)[-1]


def url(org: Any) -> str:
    """Where the organisation's logo is served, or "" without one."""
    return reverse("directory:logo-file", args=[file_name(org.logo.name or "")]) if org.logo else ""


def logo_response(name: str) -> FileResponse:
    """Stream a stored logo with its content type and long cache headers; 404 for anything else."""
    if not LOGO_NAME.match(name):
        raise Http404("no such logo")
    path = f"{LOGO_DIR}/{name}"
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("no such logo") from exc
    response = FileResponse(handle, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = "inline"
    return response


class LogoSizeLimitHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes the logo limit, so a huge file is never stored.

    The view then finds no file and `request.logo_too_large` set, and answers with a clear message.
    """

    def __init__(self, request: object = None) -> None:
        super().__init__(request)  # type: ignore[arg-type]
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received = start + len(raw_data)
        if self.received > MAX_LOGO_BYTES:
            if self.request is not None:
                self.request.logo_too_large = True  # type: ignore[attr-defined]
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
