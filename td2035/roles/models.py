from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Both tables keep the names they had when these models lived in accounts (core/model_moves.py).


class OrganizationRole(models.Model):
    """A person speaks for an organisation: as a member, or as one of its admins."""

    audit_label = "accounts.organizationrole"  # its name in the audit log from before the move

    class Role(models.TextChoices):
        MEMBER = "member", _("Miembro")
        ADMIN = "admin", _("Administra la organización")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organization_roles"
    )
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="person_roles"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "accounts_organizationrole"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_role_per_person_org")
        ]
        verbose_name = _("rol en una organización")
        verbose_name_plural = _("roles en organizaciones")

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.role}"


class NetworkAdmin(models.Model):
    """A person who runs a network (and, through it, its sub-networks)."""

    audit_label = "accounts.networkadmin"  # its name in the audit log from before the move

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_admin_roles"
    )
    network = models.ForeignKey("directory.Network", on_delete=models.CASCADE, related_name="admins")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "accounts_networkadmin"
        constraints = [models.UniqueConstraint(fields=["user", "network"], name="one_admin_role_per_network")]
        verbose_name = _("administración de red")
        verbose_name_plural = _("administraciones de red")

    def __str__(self) -> str:
        return f"{self.user} · {self.network}"
