import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []

    operations = [
        migrations.CreateModel(
            name="ScianCode",
            fields=[
                ("code", models.CharField(max_length=6, primary_key=True, serialize=False)),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("sector", "Sector"),
                            ("subsector", "Subsector"),
                            ("rama", "Rama"),
                            ("subrama", "Subrama"),
                            ("clase", "Clase"),
                        ],
                        db_index=True,
                        max_length=10,
                    ),
                ),
                ("title_es", models.CharField(max_length=300)),
                ("search_text", models.TextField(blank=True, default="")),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="reference.sciancode",
                    ),
                ),
            ],
            options={
                "ordering": ["code"],
                "verbose_name": "código SCIAN",
                "verbose_name_plural": "códigos SCIAN",
            },
        ),
        migrations.CreateModel(
            name="Municipality",
            fields=[
                ("cve_mun", models.CharField(max_length=3, primary_key=True, serialize=False)),
                ("cve_ent", models.CharField(default="22", max_length=2)),
                ("name", models.CharField(max_length=100)),
                ("latitude", models.FloatField()),
                ("longitude", models.FloatField()),
                (
                    "boundary",
                    models.JSONField(help_text="GeoJSON geometry (WGS84), simplified to about 55 m."),
                ),
            ],
            options={
                "ordering": ["cve_mun"],
                "verbose_name": "municipio",
                "verbose_name_plural": "municipios",
            },
        ),
    ]
