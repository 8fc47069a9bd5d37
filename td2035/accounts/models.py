from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True, is_platform_admin=True)
        return self._create(email, password, **fields)


class User(AbstractUser):
    """A person. Signs in with an e-mail address; belongs to organisations through roles."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("correo electrónico"), unique=True)
    full_name = models.CharField(_("nombre completo"), max_length=150, blank=True)
    is_platform_admin = models.BooleanField(
        _("administra la plataforma"), default=False, help_text=_("Personal de la Coordinación TD2035.")
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")

    def __str__(self) -> str:
        return self.full_name or self.email


class OrganizationRole(models.Model):
    """A person speaks for an organisation: as a member, or as one of its admins."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Miembro")
        ADMIN = "admin", _("Administra la organización")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="organization_roles")
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="person_roles"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_role_per_person_org")
        ]
        verbose_name = _("rol en una organización")
        verbose_name_plural = _("roles en organizaciones")

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.role}"


class NetworkAdmin(models.Model):
    """A person who runs a network (and, through it, its sub-networks)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="network_admin_roles")
    network = models.ForeignKey("directory.Network", on_delete=models.CASCADE, related_name="admins")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "network"], name="one_admin_role_per_network")]
        verbose_name = _("administración de red")
        verbose_name_plural = _("administraciones de red")

    def __str__(self) -> str:
        return f"{self.user} · {self.network}"


class AuditEntry(models.Model):
    """Security-relevant action: who, when, what, from where. Append-only: never updated or deleted."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(
        max_length=254, blank=True, help_text=_("E-mail at the time of the action.")
    )
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=60, blank=True)
    target_label = models.CharField(max_length=255, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("entrada de auditoría")
        verbose_name_plural = _("bitácora de auditoría")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries are append-only.")


class Invitation(models.Model):
    """An organisation admin invites a colleague by e-mail. The link's token is stored hashed (SHA-256),
    works once, and expires."""

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
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitación")
        verbose_name_plural = _("invitaciones")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization_id} ({self.role})"
