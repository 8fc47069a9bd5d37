"""Claim (from directory) and Invitation (from accounts) move here, keeping their tables (core/model_moves.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from td2035.core.model_moves import adopt, relabel_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0008_roles_move_to_roles_app"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0004_network_invitation_join_request"),
        ("roles", "0001_initial"),
    ]

    operations = [
        adopt(
            migrations.CreateModel(
                name="Invitation",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("email", models.EmailField(max_length=254, verbose_name="correo electrónico")),
                    (
                        "role",
                        models.CharField(
                            choices=[("member", "Miembro"), ("admin", "Administra la organización")],
                            default="member",
                            max_length=10,
                        ),
                    ),
                    ("token_hash", models.CharField(max_length=64, unique=True)),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    ("expires_at", models.DateTimeField()),
                    ("used_at", models.DateTimeField(blank=True, null=True)),
                    ("revoked_at", models.DateTimeField(blank=True, null=True)),
                    (
                        "accepted_by",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.SET_NULL,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "invited_by",
                        models.ForeignKey(
                            null=True,
                            on_delete=django.db.models.deletion.SET_NULL,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "organization",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="invitations",
                            to="directory.organization",
                        ),
                    ),
                ],
                options={
                    "verbose_name": "invitación",
                    "verbose_name_plural": "invitaciones",
                    "db_table": "accounts_invitation",
                    "ordering": ["-created_at", "-pk"],
                },
            ),
            migrations.CreateModel(
                name="Claim",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    (
                        "status",
                        models.CharField(
                            choices=[
                                ("pending", "Pendiente"),
                                ("approved", "Aprobada"),
                                ("rejected", "Rechazada"),
                            ],
                            db_index=True,
                            default="pending",
                            max_length=10,
                        ),
                    ),
                    ("message", models.TextField(blank=True, verbose_name="mensaje")),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    ("decided_at", models.DateTimeField(blank=True, null=True)),
                    (
                        "decided_by",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.SET_NULL,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "organization",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="claims",
                            to="directory.organization",
                        ),
                    ),
                    (
                        "user",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="claims",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "verbose_name": "solicitud para administrar una organización",
                    "verbose_name_plural": "solicitudes para administrar organizaciones",
                    "db_table": "directory_claim",
                    "ordering": ["-created_at", "-pk"],
                    "constraints": [
                        models.UniqueConstraint(
                            condition=models.Q(("status", "pending")),
                            fields=("organization", "user"),
                            name="one_pending_claim_per_person_org",
                        )
                    ],
                },
            ),
        ),
        relabel_content_types("directory", "registration", "claim"),
        relabel_content_types("accounts", "registration", "invitation"),
    ]
