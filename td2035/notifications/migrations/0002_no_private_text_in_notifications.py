from django.db import migrations

TEXT = "Tienes un mensaje nuevo en una consulta privada. Por privacidad, el texto solo se muestra dentro de la consulta."


def forget_inquiry_text(apps, schema_editor):
    """Notifications of inquiry messages used to copy up to 600 characters of the message."""
    Notification = apps.get_model("notifications", "Notification")
    Notification.objects.filter(kind="inquiry.message").exclude(body=TEXT).update(body=TEXT)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]
    operations = [migrations.RunPython(forget_inquiry_text, migrations.RunPython.noop)]
