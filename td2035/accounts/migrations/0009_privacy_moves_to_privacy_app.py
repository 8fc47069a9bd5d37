from django.db import migrations

from td2035.core.model_moves import release


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_roles_move_to_roles_app"),
        ("privacy", "0001_initial"),
    ]

    # Consents first: they point at the notices.
    operations = [release("PrivacyConsent", "ArcoRequest", "PrivacyNotice")]
