from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksAdminConfig(AppConfig):
    name = "td2035.networks_admin"
    label = "networks_admin"
    verbose_name = _("Administración de redes")

    def ready(self) -> None:
        from td2035.networks_admin import corners  # noqa: F401  (connects the network page's corner)
