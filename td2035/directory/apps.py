from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "td2035.directory"
    label = "directory"
    verbose_name = _("Directorio del ecosistema")
