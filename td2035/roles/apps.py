from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "td2035.roles"
    label = "roles"
    verbose_name = _("Roles y permisos")

    def ready(self) -> None:
        from td2035.roles import receivers  # noqa: F401  (the account home's section on roles)
