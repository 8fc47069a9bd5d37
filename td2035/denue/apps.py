from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DenueConfig(AppConfig):
    name = "td2035.denue"
    label = "denue"
    verbose_name = _("Importaciones del DENUE")
