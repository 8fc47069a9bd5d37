from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "td2035.inquiries"
    label = "inquiries"
    verbose_name = _("Consultas entre organizaciones")

    def ready(self) -> None:
        from td2035.inquiries.queries import personal_data
        from td2035.privacy.registry import register_personal_data

        # The messages a person wrote go in their ARCO access download (privacy cannot import inquiries).
        register_personal_data("inquiry_messages", personal_data)
