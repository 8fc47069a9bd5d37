"""Alert preferences and the alerts sent about matches (instant, or kept for the daily digest)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    INSTANT = "instant", _("Al momento")
    DAILY = "daily", _("Resumen diario")
    OFF = "off", _("Sin avisos")


# Without a saved preference: an organisation's admins get instant alerts for matches scoring at least
# DEFAULT_THRESHOLD (of 100); its other members get none until they ask. 50 is where matches start to
# share the SCIAN class or rama *and* the words of the need (see the evaluation in bench/match_quality.py).
DEFAULT_THRESHOLD = 50
DEFAULT_ADMIN_FREQUENCY = Frequency.INSTANT
DEFAULT_MEMBER_FREQUENCY = Frequency.OFF


class AlertPreference(models.Model):
    """How one person hears about matches for one of their organisations."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("directory.Organization", on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(_("frecuencia"), max_length=10, choices=Frequency.choices)
    threshold = models.PositiveSmallIntegerField(
        _("puntuación mínima"), default=DEFAULT_THRESHOLD, help_text=_("De 0 a 100.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="one_alert_preference_per_person_org"
            ),
            models.CheckConstraint(
                condition=models.Q(threshold__lte=100), name="alert_threshold_at_most_100"
            ),
        ]
        verbose_name = _("preferencia de avisos")
        verbose_name_plural = _("preferencias de avisos")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.organization_id} · {self.frequency} ≥ {self.threshold}"


class MatchAlert(models.Model):
    """One person told (or to be told, in the daily digest) that a listing matches their organisation.
    Unique per person and listing: nobody hears twice about the same listing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    listing = models.ForeignKey("market.Listing", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("directory.Organization", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    explanation = models.CharField(max_length=500)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "listing"], name="one_match_alert_per_person_listing")
        ]
        indexes = [models.Index(fields=["frequency", "sent_at", "user"])]
        verbose_name = _("aviso de coincidencia")
        verbose_name_plural = _("avisos de coincidencia")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.listing_id} · {self.score:.0f}"


class MatchDigest(models.Model):
    """The daily digest sent to a person on a day (at most one)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_match_digest_per_person_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.day}"
