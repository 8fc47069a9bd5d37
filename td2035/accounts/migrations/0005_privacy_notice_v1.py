from django.db import migrations


def load(apps, schema_editor):
    from td2035.accounts.privacy import load_notice_v1

    load_notice_v1(apps.get_model("accounts", "PrivacyNotice"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_privacy_arco")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
