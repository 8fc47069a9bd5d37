from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "td2035.market"
    label = "market"
    verbose_name = _("Mercado de la cadena productiva")

    def ready(self) -> None:
        from td2035.market import receivers  # noqa: F401  (the profile's section on listings)
