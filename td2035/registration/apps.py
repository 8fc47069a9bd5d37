from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "td2035.registration"
    label = "registration"
    verbose_name = _("Registro y administración de organizaciones")

    def ready(self) -> None:
        from td2035.registration import corners  # noqa: F401  (connects the profile's corner)
