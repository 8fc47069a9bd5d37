from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "td2035.market"
    label = "market"
    verbose_name = _("Mercado de la cadena productiva")
