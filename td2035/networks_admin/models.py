from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from td2035.directory.models import Network, Organization

# Both tables keep the names they had in the directory app (core/model_moves.py).


class NetworkInvitation(models.Model):
    """A network invites an organisation, or another network to become its sub-network (exactly one).

    Pending until an admin of the invited side accepts or declines, or a network admin cancels it.
    """

    audit_label = "directory.networkinvitation"  # its name in the audit log from before the move

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        ACCEPTED = "accepted", _("Aceptada")
        DECLINED = "declined", _("Rechazada")
        CANCELLED = "cancelled", _("Cancelada")

    network = models.ForeignKey(
        "directory.Network", on_delete=models.CASCADE, related_name="invitations_sent"
    )
    organization = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="network_invitations",
    )
    child_network = models.ForeignKey(
        "directory.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations_received",
    )
    message = models.TextField(_("mensaje"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "directory_networkinvitation"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organization__isnull=False, child_network__isnull=True)
                    | models.Q(organization__isnull=True, child_network__isnull=False)
                ),
                name="network_invitation_one_invitee",
            ),
            models.CheckConstraint(
                condition=~models.Q(network=models.F("child_network")), name="network_invitation_not_self"
            ),
            models.UniqueConstraint(
                fields=["network", "organization"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_org",
            ),
            models.UniqueConstraint(
                fields=["network", "child_network"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_child_network",
            ),
        ]
        verbose_name = _("invitación a una red")
        verbose_name_plural = _("invitaciones a redes")

    def __str__(self) -> str:
        return f"{self.network_id} → {self.organization_id or self.child_network_id} ({self.status})"

    @property
    def invitee(self) -> "Organization | Network":
        invitee = self.organization or self.child_network
        assert invitee is not None
        return invitee


class NetworkJoinRequest(models.Model):
    """An organisation (one of its admins) asks to join a network; the network's admins decide."""

    audit_label = "directory.networkjoinrequest"  # its name in the audit log from before the move

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        APPROVED = "approved", _("Aprobada")
        DECLINED = "declined", _("Rechazada")

    network = models.ForeignKey("directory.Network", on_delete=models.CASCADE, related_name="join_requests")
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="network_join_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("mensaje"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "directory_networkjoinrequest"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organization"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request_per_org",
            )
        ]
        verbose_name = _("solicitud para unirse a una red")
        verbose_name_plural = _("solicitudes para unirse a redes")

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.network_id} ({self.status})"
