from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "td2035.dashboard"
    label = "dashboard"
    verbose_name = _("Tablero TD2035")

    def ready(self) -> None:
        from td2035.dashboard.tasks import on_assessment_completed
        from td2035.maturity.signals import assessment_completed

        assessment_completed.connect(on_assessment_completed, dispatch_uid="dashboard-refresh")
