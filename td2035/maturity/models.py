"""Digital maturity: versioned instruments, assessments of organisations, per-dimension scores and roadmap steps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Band(models.TextChoices):
    BASIC = "basic", _("Básico")
    AVERAGE = "average", _("Intermedio")
    MODERATELY_ADVANCED = "moderately_advanced", _("Moderadamente avanzado")
    ADVANCED = "advanced", _("Avanzado")


class Instrument(models.Model):
    """One version of a questionnaire, loaded from td2035/maturity/instruments/<id>-v<version>.json."""

    instrument_id = models.CharField(max_length=40)
    version = models.PositiveIntegerField()
    data = models.JSONField()
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["instrument_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["instrument_id", "version"], name="maturity_instrument_version")
        ]
        verbose_name = _("instrumento")
        verbose_name_plural = _("instrumentos")

    def __str__(self) -> str:
        return f"{self.instrument_id} v{self.version}"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("En curso")
        COMPLETED = "completed", _("Terminada")

    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="assessments"
    )
    instrument = models.CharField(max_length=40, default="eu-dma-sme")
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict, blank=True)
    overall = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=20, choices=Band.choices, blank=True)
    dimension_scores = models.JSONField(default=dict, blank=True)
    # Snapshot of the organisation's profile when the assessment was completed.
    sector = models.CharField(max_length=10, blank=True, db_index=True)
    subsector = models.CharField(max_length=10, blank=True)
    size = models.CharField(max_length=10, blank=True)
    municipality = models.CharField(max_length=10, blank=True)
    is_latest = models.BooleanField(default=False, db_index=True)
    is_demo = models.BooleanField(default=False)
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-completed_at", "-started_at"]
        verbose_name = _("evaluación de madurez digital")
        verbose_name_plural = _("evaluaciones de madurez digital")
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["is_latest", "sector"]),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.instrument} v{self.version} {self.status}"


class PeerSummary(models.Model):
    """Peer figures of one group (the latest completed assessments matching `filters`), kept so that a
    result page never computes a large group: written by the worker when an assessment of the group
    completes (maturity.peers), or on the group's first view."""

    key = models.CharField(max_length=64, unique=True)
    filters = models.JSONField(default=dict)
    data = models.JSONField(default=dict)  # organizations, p25, median, p75, dimensions
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("resumen de pares")
        verbose_name_plural = _("resúmenes de pares")

    def __str__(self) -> str:
        return f"{self.filters} ({self.data.get('organizations', 0)})"


class DimensionScore(models.Model):
    """One row per dimension of each completed assessment, for fast SQL aggregates."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    organization = models.ForeignKey("directory.Organization", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=40)
    score = models.FloatField()
    completed_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "dimension"], name="maturity_score_dimension")
        ]
        indexes = [models.Index(fields=["dimension", "completed_at"])]
        verbose_name = _("puntaje por dimensión")
        verbose_name_plural = _("puntajes por dimensión")

    def __str__(self) -> str:
        return f"{self.dimension} {self.score:.1f}"


class RoadmapStep(models.Model):
    """A concrete next step for a weak dimension; loaded from data/roadmap.json, editable in the admin."""

    key = models.SlugField(max_length=80, unique=True)
    dimension = models.CharField(max_length=40, db_index=True)
    order = models.PositiveSmallIntegerField(default=0)
    max_score = models.FloatField(
        default=100, help_text=_("Se muestra cuando el puntaje de la dimensión es menor o igual.")
    )
    title_es = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    text_es = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    links = models.JSONField(
        default=list,
        blank=True,
        help_text=_('Lista de {"url": "/directorio/?q=...", "label_es": "...", "label_en": "..."}.'),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["dimension", "order", "key"]
        verbose_name = _("paso de la ruta")
        verbose_name_plural = _("pasos de la ruta")

    def __str__(self) -> str:
        return self.title_es
