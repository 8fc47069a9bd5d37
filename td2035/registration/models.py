from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from td2035.roles.models import OrganizationRole

# Both tables keep the names they had before this app was made (core/model_moves.py): Claim was
# directory's, Invitation was accounts'.


class Claim(models.Model):
    """A person asks to speak for an organisation that is already listed (e.g. a DENUE import).

    Pending until someone allowed decides (registration.claims.decidable_claims), never the claimant:
    the organisation's admins if it has any (a platform admin may override them), else an admin of a
    network it belongs to, or a platform admin.
    """

    audit_label = "directory.claim"  # its name in the audit log from before the move

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        APPROVED = "approved", _("Aprobada")
        REJECTED = "rejected", _("Rechazada")

    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="claims"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    message = models.TextField(_("mensaje"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "directory_claim"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_claim_per_person_org",
            )
        ]
        verbose_name = _("solicitud para administrar una organización")
        verbose_name_plural = _("solicitudes para administrar organizaciones")

    def __str__(self) -> str:
        return f"{self.user} → {self.organization} ({self.status})"


class Invitation(models.Model):
    """An organisation admin invites a colleague by e-mail. The link's token is stored hashed (SHA-256),
    works once, and expires."""

    audit_label = "accounts.invitation"  # its name in the audit log from before the move

    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("correo electrónico"))
    role = models.CharField(
        max_length=10, choices=OrganizationRole.Role.choices, default=OrganizationRole.Role.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "accounts_invitation"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitación")
        verbose_name_plural = _("invitaciones")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization_id} ({self.role})"
