from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    name = "td2035.maturity"
    label = "maturity"
    verbose_name = _("Madurez digital")

    def ready(self) -> None:
        from td2035.maturity.peers import on_assessment_completed
        from td2035.maturity.signals import assessment_completed

        assessment_completed.connect(on_assessment_completed, dispatch_uid="maturity-peer-summaries")
