import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class InquiryStatus(models.TextChoices):
    OPEN = "open", _("Abierta")
    ANSWERED = "answered", _("Respondida")
    CLOSED = "closed", _("Cerrada")


class PrivateStorage(FileSystemStorage):
    """Files under VAR_DIR/private/inquiries, read from the settings on every use (so that tests and
    deployments that change VAR_DIR are obeyed). No URL: only inquiries.views serves them."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(Path(settings.VAR_DIR) / "private" / "inquiries")

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    """Attachments live outside MEDIA_ROOT and have no URL: only inquiries.views serves them, to the
    thread's participants."""
    return PrivateStorage(base_url=None)


class Inquiry(models.Model):
    """A private thread between an organisation that asks about a listing and the listing's publisher.

    There is one thread per listing and asking organisation: asking again appends to it (and reopens it
    if it was closed). Its participants are the people of the two organisations, nobody else.
    """

    listing = models.ForeignKey("market.Listing", on_delete=models.CASCADE, related_name="inquiries")
    asking_organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organización que consulta"),
        on_delete=models.CASCADE,
        related_name="inquiries_asked",
    )
    # The listing's organisation when the thread started (denormalised: inboxes filter on it).
    publisher_organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organización que publica"),
        on_delete=models.CASCADE,
        related_name="inquiries_received",
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=InquiryStatus.choices, default=InquiryStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("iniciada el"), auto_now_add=True)
    updated_at = models.DateTimeField(_("último movimiento"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "asking_organization"], name="one_inquiry_per_listing_and_asker"
            )
        ]
        indexes = [
            models.Index(fields=["asking_organization", "-updated_at"], name="inquiry_asker_recent"),
            models.Index(fields=["publisher_organization", "-updated_at"], name="inquiry_publisher_recent"),
        ]
        verbose_name = _("consulta")
        verbose_name_plural = _("consultas")

    def __str__(self) -> str:
        return f"#{self.pk} {self.listing_id} · {self.asking_organization_id}"


class InquiryMessage(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField(_("mensaje"), max_length=5000)
    # The author chose to show their e-mail address to the other organisation with this message.
    share_email = models.BooleanField(_("compartir mi correo"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("mensaje de consulta")
        verbose_name_plural = _("mensajes de consulta")

    def __str__(self) -> str:
        return f"{self.inquiry_id} · {self.created_at:%Y-%m-%d %H:%M}"


class InquiryAttachment(models.Model):
    """A private file of a message: PDF, PNG, JPEG or WebP, as its content says (see attachments.py)."""

    message = models.ForeignKey(InquiryMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="inquiries/%Y/%m/")
    name = models.CharField(_("nombre"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("adjunto de consulta")
        verbose_name_plural = _("adjuntos de consulta")

    def __str__(self) -> str:
        return self.name
