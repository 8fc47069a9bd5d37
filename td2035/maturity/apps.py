from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    name = "td2035.maturity"
    label = "maturity"
    verbose_name = _("Madurez digital")
