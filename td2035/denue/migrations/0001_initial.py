"""ImportRun moves here from directory, keeping its table (core/model_moves.py)."""

from django.db import migrations, models

from td2035.core.model_moves import adopt, relabel_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0004_network_invitation_join_request"),
    ]

    operations = [
        adopt(
            migrations.CreateModel(
                name="ImportRun",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("file_name", models.CharField(max_length=255)),
                    ("file_sha256", models.CharField(db_index=True, max_length=64)),
                    (
                        "state",
                        models.CharField(
                            blank=True, help_text="Vacío: todas.", max_length=2, verbose_name="entidad"
                        ),
                    ),
                    ("encoding", models.CharField(blank=True, max_length=20)),
                    ("layout", models.CharField(blank=True, max_length=80)),
                    (
                        "status",
                        models.CharField(
                            choices=[
                                ("running", "En curso o interrumpida"),
                                ("completed", "Terminada"),
                                ("abandoned", "Abandonada"),
                            ],
                            default="running",
                            max_length=10,
                        ),
                    ),
                    ("last_line", models.PositiveIntegerField(default=0)),
                    ("rows", models.PositiveIntegerField(default=0)),
                    ("created", models.PositiveIntegerField(default=0)),
                    ("updated", models.PositiveIntegerField(default=0)),
                    ("unchanged", models.PositiveIntegerField(default=0)),
                    (
                        "kept",
                        models.PositiveIntegerField(
                            default=0, help_text="Perfiles que administra la organización."
                        ),
                    ),
                    ("other_state", models.PositiveIntegerField(default=0)),
                    ("errors", models.PositiveIntegerField(default=0)),
                    ("warnings", models.PositiveIntegerField(default=0)),
                    (
                        "issues",
                        models.JSONField(
                            blank=True, default=list, help_text="Las primeras filas con error o aviso."
                        ),
                    ),
                    ("started_at", models.DateTimeField(auto_now_add=True)),
                    ("finished_at", models.DateTimeField(blank=True, null=True)),
                ],
                options={
                    "verbose_name": "importación del DENUE",
                    "verbose_name_plural": "importaciones del DENUE",
                    "ordering": ["-started_at"],
                    "db_table": "directory_importrun",
                },
            ),
        ),
        relabel_content_types("directory", "denue", "importrun"),
    ]
