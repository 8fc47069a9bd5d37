from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "td2035.dashboard"
    label = "dashboard"
    verbose_name = _("Tablero TD2035")
