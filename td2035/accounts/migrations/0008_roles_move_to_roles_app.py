from django.db import migrations

from td2035.core.model_moves import release


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_shared_counters"),
        ("roles", "0001_initial"),
    ]

    operations = [release("NetworkAdmin", "OrganizationRole")]
