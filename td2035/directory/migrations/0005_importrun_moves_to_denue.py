from django.db import migrations

from td2035.core.model_moves import release


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_network_invitation_join_request"),
        ("denue", "0001_initial"),
    ]

    operations = [release("ImportRun")]
