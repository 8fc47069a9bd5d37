from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "td2035.reference"
    label = "reference"
    verbose_name = _("Datos de referencia")
