from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksAdminConfig(AppConfig):
    name = "td2035.networks_admin"
    label = "networks_admin"
    verbose_name = _("Administración de redes")

    def ready(self) -> None:
        from td2035.networks_admin import corners  # noqa: F401  (connects the network page's corner)
        from td2035.networks_admin.queries import (
            join_requests_personal_data,
            network_invitations_personal_data,
        )
        from td2035.privacy.registry import register_personal_data

        # What a person wrote to networks goes in their ARCO access download (privacy cannot import this app).
        register_personal_data("network_join_requests", join_requests_personal_data, late=True)
        register_personal_data("network_invitations", network_invitations_personal_data, late=True)
