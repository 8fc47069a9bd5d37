"""Claim moves to registration, NetworkInvitation and NetworkJoinRequest to networks_admin, ImportRun
to denue. Their tables stay (core/model_moves.py)."""

from django.db import migrations

from td2035.core.model_moves import release


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_network_invitation_join_request"),
        ("denue", "0001_initial"),
        ("networks_admin", "0001_initial"),
        ("registration", "0001_initial"),
    ]

    operations = [release("Claim", "ImportRun", "NetworkInvitation", "NetworkJoinRequest")]
