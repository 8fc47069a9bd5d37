from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The three tables keep the names they had when these models lived in accounts (core/model_moves.py).


class PrivacyNotice(models.Model):
    """A version of the aviso de privacidad (LFPDPPP). The current one is the newest already published;
    publishing a newer version asks every signed-in person to consent again."""

    audit_label = "accounts.privacynotice"  # its name in the audit log from before the move

    version = models.PositiveIntegerField(_("versión"), unique=True)
    short_text_es = models.TextField(_("aviso simplificado (español)"), help_text=_("HTML sencillo."))
    integral_text_es = models.TextField(_("aviso integral (español)"), help_text=_("HTML sencillo."))
    short_text_en = models.TextField(_("aviso simplificado (inglés)"), blank=True)
    integral_text_en = models.TextField(_("aviso integral (inglés)"), blank=True)
    summary_of_changes = models.TextField(_("resumen de cambios"), blank=True)
    published_at = models.DateTimeField(_("publicado el"), default=timezone.now)

    class Meta:
        db_table = "accounts_privacynotice"
        ordering = ["-version"]
        verbose_name = _("aviso de privacidad")
        verbose_name_plural = _("avisos de privacidad")

    def __str__(self) -> str:
        return f"v{self.version} ({self.published_at:%Y-%m-%d})"


class PrivacyConsent(models.Model):
    """A person accepted a version of the privacy notice: when and from which address."""

    audit_label = "accounts.privacyconsent"  # its name in the audit log from before the move

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_consents"
    )
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="consents")
    version = models.PositiveIntegerField(_("versión aceptada"))
    accepted_at = models.DateTimeField(_("aceptado el"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        db_table = "accounts_privacyconsent"
        ordering = ["-accepted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="one_consent_per_person_version")
        ]
        verbose_name = _("consentimiento")
        verbose_name_plural = _("consentimientos")

    def __str__(self) -> str:
        return f"{self.user_id} · v{self.version}"


class ArcoRequest(models.Model):
    """A request to exercise an ARCO right, with its legal deadline (20 business days).

    Automatic requests (download, deletion, preferences) are resolved at once and still logged. After an
    account is deleted, `reference` is all that identifies whose request it was.
    """

    audit_label = "accounts.arcorequest"  # its name in the audit log from before the move

    class Kind(models.TextChoices):
        ACCESS = "A", _("Acceso")
        RECTIFICATION = "R", _("Rectificación")
        CANCELLATION = "C", _("Cancelación")
        OPPOSITION = "O", _("Oposición")

    class Status(models.TextChoices):
        OPEN = "open", _("Pendiente")
        RESOLVED = "resolved", _("Atendida")
        REJECTED = "rejected", _("Improcedente")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="arco_requests",
    )
    reference = models.CharField(_("referencia"), max_length=40, db_index=True)
    kind = models.CharField(_("derecho"), max_length=1, choices=Kind.choices)
    details = models.TextField(_("detalle de la solicitud"), blank=True)
    automatic = models.BooleanField(_("atendida automáticamente"), default=False)
    created_at = models.DateTimeField(_("recibida el"), default=timezone.now, db_index=True)
    due_date = models.DateField(_("fecha límite"))
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("respuesta"), blank=True)
    resolved_at = models.DateTimeField(_("atendida el"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "accounts_arcorequest"
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]
        verbose_name = _("solicitud ARCO")
        verbose_name_plural = _("solicitudes ARCO")

    def __str__(self) -> str:
        return f"{self.reference} · {self.kind} · {self.created_at:%Y-%m-%d}"

    @property
    def folio(self) -> str:
        return f"ARCO-{self.pk:05d}"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_date < timezone.localdate()
