import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_privacy_notice_v1")]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="nombre")),
                ("prefix", models.CharField(max_length=8, verbose_name="inicio del token")),
                ("token_hash", models.CharField(max_length=64, unique=True)),
                (
                    "scope",
                    models.CharField(
                        choices=[("read", "Lectura"), ("write", "Lectura y escritura")],
                        default="read",
                        max_length=5,
                        verbose_name="alcance",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="creado el")),
                ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="vence el")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revocado el")),
                ("last_used_at", models.DateTimeField(blank=True, null=True, verbose_name="último uso")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "token de API",
                "verbose_name_plural": "tokens de API",
                "ordering": ["-created_at", "-pk"],
            },
        ),
    ]
