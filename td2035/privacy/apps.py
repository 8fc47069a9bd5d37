from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "td2035.privacy"
    label = "privacy"
    verbose_name = _("Privacidad y derechos ARCO")
