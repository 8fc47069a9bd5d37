from pathlib import Path

from django.apps import apps as installed_apps
from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    """Version 1 of the privacy notice, unless a notice exists. The texts are the privacy app's
    (privacy/texts/v1_*.html), found by its label so that accounts imports nothing of it; the model is the
    historical one, which lived in accounts until privacy/0001."""
    notice = apps.get_model("accounts", "PrivacyNotice")
    if notice.objects.exists():
        return
    texts = Path(installed_apps.get_app_config("privacy").path) / "texts"
    notice.objects.create(
        version=1,
        published_at=timezone.now(),  # published when installed
        **{
            f"{part}_text_{lang}": (texts / f"v1_{part}_{lang}.html").read_text(encoding="utf-8").strip()
            for part in ("short", "integral")
            for lang in ("es", "en")
        },
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_privacy_arco")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
