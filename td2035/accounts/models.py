from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
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
    # Opposition (ARCO): the person may refuse optional e-mails and hide their contact on profiles.
    email_opt_out = models.BooleanField(
        _("no recibir correos opcionales"),
        default=False,
        help_text=_("Boletines, resúmenes y avisos no esenciales. Los correos de seguridad siempre llegan."),
    )
    show_contact = models.BooleanField(
        _("mostrar mi contacto en los perfiles de mis organizaciones"), default=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def name_and_email(self) -> str:
        """How a person is named to others who must recognise them (e.g. in a claim)."""
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email


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


class ApiToken(models.Model):
    """A personal API token. The token itself is shown once; only its SHA-256 is stored, with its first
    characters so that the person can tell their tokens apart."""

    class Scope(models.TextChoices):
        READ = "read", _("Lectura")
        WRITE = "write", _("Lectura y escritura")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nombre"), max_length=100)
    prefix = models.CharField(_("inicio del token"), max_length=8)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("alcance"), max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("creado el"), auto_now_add=True)
    expires_at = models.DateTimeField(_("vence el"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revocado el"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("último uso"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("token de API")
        verbose_name_plural = _("tokens de API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class RateCounter(models.Model):
    """One fixed window of an API rate limit, counted in the database when there is no Redis, so that
    every web process shares it (accounts.ratelimit)."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.FloatField(db_index=True)  # seconds since the epoch, like the window

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class CacheEntry(models.Model):
    """The table of Django's database cache (settings.CACHES without Redis), made by a migration so that
    a fresh `migrate` has it. Sign-in limits and other shared counters live here when REDIS_URL is unset,
    so every web process sees the same values."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "td2035_cache"

    def __str__(self) -> str:
        return self.cache_key
