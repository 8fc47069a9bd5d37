"""PrivacyNotice, PrivacyConsent and ArcoRequest move here from accounts, keeping their tables
(core/model_moves.py)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from td2035.core.model_moves import adopt, relabel_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_roles_move_to_roles_app"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        adopt(
            migrations.CreateModel(
                name="PrivacyNotice",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("version", models.PositiveIntegerField(unique=True, verbose_name="versión")),
                    (
                        "short_text_es",
                        models.TextField(
                            help_text="HTML sencillo.", verbose_name="aviso simplificado (español)"
                        ),
                    ),
                    (
                        "integral_text_es",
                        models.TextField(help_text="HTML sencillo.", verbose_name="aviso integral (español)"),
                    ),
                    (
                        "short_text_en",
                        models.TextField(blank=True, verbose_name="aviso simplificado (inglés)"),
                    ),
                    (
                        "integral_text_en",
                        models.TextField(blank=True, verbose_name="aviso integral (inglés)"),
                    ),
                    ("summary_of_changes", models.TextField(blank=True, verbose_name="resumen de cambios")),
                    (
                        "published_at",
                        models.DateTimeField(default=django.utils.timezone.now, verbose_name="publicado el"),
                    ),
                ],
                options={
                    "verbose_name": "aviso de privacidad",
                    "verbose_name_plural": "avisos de privacidad",
                    "db_table": "accounts_privacynotice",
                    "ordering": ["-version"],
                },
            ),
            migrations.CreateModel(
                name="PrivacyConsent",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("version", models.PositiveIntegerField(verbose_name="versión aceptada")),
                    ("accepted_at", models.DateTimeField(auto_now_add=True, verbose_name="aceptado el")),
                    ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                    (
                        "notice",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="consents",
                            to="privacy.privacynotice",
                        ),
                    ),
                    (
                        "user",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="privacy_consents",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "verbose_name": "consentimiento",
                    "verbose_name_plural": "consentimientos",
                    "db_table": "accounts_privacyconsent",
                    "ordering": ["-accepted_at", "-pk"],
                    "constraints": [
                        models.UniqueConstraint(
                            fields=("user", "version"), name="one_consent_per_person_version"
                        )
                    ],
                },
            ),
            migrations.CreateModel(
                name="ArcoRequest",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("reference", models.CharField(db_index=True, max_length=40, verbose_name="referencia")),
                    (
                        "kind",
                        models.CharField(
                            choices=[
                                ("A", "Acceso"),
                                ("R", "Rectificación"),
                                ("C", "Cancelación"),
                                ("O", "Oposición"),
                            ],
                            max_length=1,
                            verbose_name="derecho",
                        ),
                    ),
                    ("details", models.TextField(blank=True, verbose_name="detalle de la solicitud")),
                    (
                        "automatic",
                        models.BooleanField(default=False, verbose_name="atendida automáticamente"),
                    ),
                    (
                        "created_at",
                        models.DateTimeField(
                            db_index=True, default=django.utils.timezone.now, verbose_name="recibida el"
                        ),
                    ),
                    ("due_date", models.DateField(verbose_name="fecha límite")),
                    (
                        "status",
                        models.CharField(
                            choices=[
                                ("open", "Pendiente"),
                                ("resolved", "Atendida"),
                                ("rejected", "Improcedente"),
                            ],
                            default="open",
                            max_length=10,
                            verbose_name="estado",
                        ),
                    ),
                    ("resolution", models.TextField(blank=True, verbose_name="respuesta")),
                    ("resolved_at", models.DateTimeField(blank=True, null=True, verbose_name="atendida el")),
                    (
                        "resolved_by",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.SET_NULL,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "user",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.SET_NULL,
                            related_name="arco_requests",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "verbose_name": "solicitud ARCO",
                    "verbose_name_plural": "solicitudes ARCO",
                    "db_table": "accounts_arcorequest",
                    "ordering": ["due_date", "pk"],
                    "indexes": [
                        models.Index(fields=["status", "due_date"], name="accounts_ar_status_e23fe9_idx")
                    ],
                },
            ),
        ),
        relabel_content_types("accounts", "privacy", "privacynotice", "privacyconsent", "arcorequest"),
    ]
