from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    MSME_ADVANCED_SHARE = (
        "msme_advanced_share",
        _("% de MiPyMEs evaluadas en nivel moderadamente avanzado o superior"),
    )
    MEAN_OVERALL = "mean_overall", _("Madurez digital media (0–100) de las organizaciones evaluadas")


class Target(models.Model):
    """A goal set by platform admins, e.g. 60 % of MSMEs at moderately advanced or better by 2035."""

    metric = models.CharField(_("indicador"), max_length=40, choices=Metric.choices)
    value = models.FloatField(_("meta (0–100)"))
    year = models.PositiveSmallIntegerField(_("año"), default=2035)
    note = models.CharField(_("nota"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["metric", "year"]
        verbose_name = _("meta TD2035")
        verbose_name_plural = _("metas TD2035")
        constraints = [
            models.UniqueConstraint(fields=["metric", "year"], name="dashboard_target_metric_year")
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.value:g} ({self.year})"


class Snapshot(models.Model):
    """The dashboard's figures for one scope (everything, a network, a municipality), precomputed.

    Written by td2035.dashboard.snapshots.refresh (task after each completed assessment, and the
    refresh_dashboard command); pages and the API only read it. Raw numbers: suppression is applied
    when they are shown (td2035.dashboard.tables)."""

    key = models.CharField(max_length=80, unique=True)
    data = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("instantánea del tablero")
        verbose_name_plural = _("instantáneas del tablero")

    def __str__(self) -> str:
        return self.key
