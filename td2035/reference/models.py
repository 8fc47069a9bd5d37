from django.db import models
from django.utils.translation import gettext_lazy as _


class ScianLevel(models.TextChoices):
    SECTOR = "sector", _("Sector")
    SUBSECTOR = "subsector", _("Subsector")
    RAMA = "rama", _("Rama")
    SUBRAMA = "subrama", _("Subrama")
    CLASE = "clase", _("Clase")


class ScianCode(models.Model):
    """One code of SCIAN México 2018, from sector (2 digits or "31-33") down to clase (6 digits)."""

    code = models.CharField(max_length=6, primary_key=True)
    level = models.CharField(max_length=10, choices=ScianLevel.choices, db_index=True)
    title_es = models.CharField(max_length=300)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Accent-free lower-case words of this code's title and of its ancestors' titles, for word search.
    search_text = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = _("código SCIAN")
        verbose_name_plural = _("códigos SCIAN")

    def __str__(self) -> str:
        return f"{self.code} {self.title_es}"


class Municipality(models.Model):
    """One of Querétaro's 18 municipalities (INEGI Marco Geoestadístico keys)."""

    cve_mun = models.CharField(max_length=3, primary_key=True)
    cve_ent = models.CharField(max_length=2, default="22")
    name = models.CharField(max_length=100)
    latitude = models.FloatField()
    longitude = models.FloatField()
    boundary = models.JSONField(help_text="GeoJSON geometry (WGS84), simplified to about 55 m.")

    class Meta:
        ordering = ["cve_mun"]
        verbose_name = _("municipio")
        verbose_name_plural = _("municipios")

    def __str__(self) -> str:
        return self.name
