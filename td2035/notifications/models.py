from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something a person should know about (a message in an inquiry, a matching need…), shown at
    /avisos/ and, unless the person opted out of optional e-mail, mailed once by a background task."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("tipo"), max_length=40, blank=True, db_index=True)
    subject = models.CharField(_("asunto"), max_length=200)
    body = models.TextField(_("texto"), blank=True)
    url = models.CharField(_("enlace"), max_length=500, blank=True, help_text=_("Ruta dentro del sitio."))
    created_at = models.DateTimeField(_("creado el"), auto_now_add=True)
    read_at = models.DateTimeField(_("leído el"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("enviado por correo el"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notif_user_unread"),
            models.Index(fields=["user", "-created_at"], name="notif_user_recent"),
        ]
        verbose_name = _("aviso")
        verbose_name_plural = _("avisos")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.subject}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
