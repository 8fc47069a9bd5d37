from django.db import models
from django.utils.translation import gettext_lazy as _

# The table keeps the name it had when this model lived in directory (core/model_moves.py).


class ImportRun(models.Model):
    """One run of the DENUE importer over one file: its report, and the checkpoint that makes an
    interrupted run resumable (the last line whose batch was committed)."""

    audit_label = "directory.importrun"  # its name in the audit log from before the move

    class Status(models.TextChoices):
        RUNNING = "running", _("En curso o interrumpida")
        COMPLETED = "completed", _("Terminada")
        ABANDONED = "abandoned", _("Abandonada")

    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    state = models.CharField(_("entidad"), max_length=2, blank=True, help_text=_("Vacío: todas."))
    encoding = models.CharField(max_length=20, blank=True)
    layout = models.CharField(max_length=80, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    last_line = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0, help_text=_("Perfiles que administra la organización."))
    other_state = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    issues = models.JSONField(default=list, blank=True, help_text=_("Las primeras filas con error o aviso."))
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "directory_importrun"
        ordering = ["-started_at"]
        verbose_name = _("importación del DENUE")
        verbose_name_plural = _("importaciones del DENUE")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
