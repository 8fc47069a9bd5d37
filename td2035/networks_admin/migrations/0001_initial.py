"""NetworkInvitation and NetworkJoinRequest move here from directory, keeping their tables (core/model_moves.py)."""

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
    ]

    operations = [
        adopt(
            migrations.CreateModel(
                name="NetworkInvitation",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("message", models.TextField(blank=True, verbose_name="mensaje")),
                    (
                        "status",
                        models.CharField(
                            choices=[
                                ("pending", "Pendiente"),
                                ("accepted", "Aceptada"),
                                ("declined", "Rechazada"),
                                ("cancelled", "Cancelada"),
                            ],
                            db_index=True,
                            default="pending",
                            max_length=10,
                        ),
                    ),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    ("decided_at", models.DateTimeField(blank=True, null=True)),
                    (
                        "child_network",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="invitations_received",
                            to="directory.network",
                        ),
                    ),
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
                        "invited_by",
                        models.ForeignKey(
                            null=True,
                            on_delete=django.db.models.deletion.SET_NULL,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "network",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="invitations_sent",
                            to="directory.network",
                        ),
                    ),
                    (
                        "organization",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="network_invitations",
                            to="directory.organization",
                        ),
                    ),
                ],
                options={
                    "verbose_name": "invitación a una red",
                    "verbose_name_plural": "invitaciones a redes",
                    "db_table": "directory_networkinvitation",
                    "ordering": ["-created_at", "-pk"],
                    "constraints": [
                        models.CheckConstraint(
                            condition=models.Q(
                                models.Q(("child_network__isnull", True), ("organization__isnull", False)),
                                models.Q(("child_network__isnull", False), ("organization__isnull", True)),
                                _connector="OR",
                            ),
                            name="network_invitation_one_invitee",
                        ),
                        models.CheckConstraint(
                            condition=models.Q(("network", models.F("child_network")), _negated=True),
                            name="network_invitation_not_self",
                        ),
                        models.UniqueConstraint(
                            condition=models.Q(("status", "pending")),
                            fields=("network", "organization"),
                            name="one_pending_invitation_per_org",
                        ),
                        models.UniqueConstraint(
                            condition=models.Q(("status", "pending")),
                            fields=("network", "child_network"),
                            name="one_pending_invitation_per_child_network",
                        ),
                    ],
                },
            ),
            migrations.CreateModel(
                name="NetworkJoinRequest",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("message", models.TextField(blank=True, verbose_name="mensaje")),
                    (
                        "status",
                        models.CharField(
                            choices=[
                                ("pending", "Pendiente"),
                                ("approved", "Aprobada"),
                                ("declined", "Rechazada"),
                            ],
                            db_index=True,
                            default="pending",
                            max_length=10,
                        ),
                    ),
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
                        "network",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="join_requests",
                            to="directory.network",
                        ),
                    ),
                    (
                        "organization",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="network_join_requests",
                            to="directory.organization",
                        ),
                    ),
                    (
                        "requested_by",
                        models.ForeignKey(
                            null=True,
                            on_delete=django.db.models.deletion.SET_NULL,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "verbose_name": "solicitud para unirse a una red",
                    "verbose_name_plural": "solicitudes para unirse a redes",
                    "db_table": "directory_networkjoinrequest",
                    "ordering": ["-created_at", "-pk"],
                    "constraints": [
                        models.UniqueConstraint(
                            condition=models.Q(("status", "pending")),
                            fields=("network", "organization"),
                            name="one_pending_join_request_per_org",
                        )
                    ],
                },
            ),
        ),
        relabel_content_types("directory", "networks_admin", "networkinvitation", "networkjoinrequest"),
    ]
