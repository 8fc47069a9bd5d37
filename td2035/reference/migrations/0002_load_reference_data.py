from django.db import migrations


def load(apps, schema_editor):
    from td2035.reference.loaders import load_municipalities, load_scian

    load_scian(apps.get_model("reference", "ScianCode"))
    load_municipalities(apps.get_model("reference", "Municipality"))


def unload(apps, schema_editor):
    apps.get_model("reference", "Municipality").objects.all().delete()
    apps.get_model("reference", "ScianCode").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
