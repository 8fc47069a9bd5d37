"""Invitation moves to registration; PrivacyNotice, PrivacyConsent and ArcoRequest to privacy. Their
tables stay (core/model_moves.py)."""

from django.db import migrations

from td2035.core.model_moves import release


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_roles_move_to_roles_app"),
        ("privacy", "0001_initial"),
        ("registration", "0001_initial"),
    ]

    # Consents before notices: they point at them.
    operations = [release("Invitation", "PrivacyConsent", "ArcoRequest", "PrivacyNotice")]
