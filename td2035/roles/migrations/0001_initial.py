"""OrganizationRole and NetworkAdmin move here from accounts, keeping their tables (core/model_moves.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from td2035.core.model_moves import adopt, relabel_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_shared_counters"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0004_network_invitation_join_request"),
    ]

    operations = [
        adopt(
            migrations.CreateModel(
                name="NetworkAdmin",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    (
                        "network",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="admins",
                            to="directory.network",
                        ),
                    ),
                    (
                        "user",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="network_admin_roles",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "verbose_name": "administración de red",
                    "verbose_name_plural": "administraciones de red",
                    "db_table": "accounts_networkadmin",
                    "constraints": [
                        models.UniqueConstraint(fields=("user", "network"), name="one_admin_role_per_network")
                    ],
                },
            ),
            migrations.CreateModel(
                name="OrganizationRole",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    (
                        "role",
                        models.CharField(
                            choices=[("member", "Miembro"), ("admin", "Administra la organización")],
                            default="member",
                            max_length=10,
                        ),
                    ),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    (
                        "organization",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="person_roles",
                            to="directory.organization",
                        ),
                    ),
                    (
                        "user",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="organization_roles",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "verbose_name": "rol en una organización",
                    "verbose_name_plural": "roles en organizaciones",
                    "db_table": "accounts_organizationrole",
                    "constraints": [
                        models.UniqueConstraint(
                            fields=("user", "organization"), name="one_role_per_person_org"
                        )
                    ],
                },
            ),
        ),
        relabel_content_types("accounts", "roles", "networkadmin", "organizationrole"),
    ]
