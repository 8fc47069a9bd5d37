from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "td2035.matching"
    label = "matching"
    verbose_name = _("Motor de coincidencias")

    def ready(self) -> None:
        from td2035.market.signals import listing_published
        from td2035.matching.tasks import on_listing_published

        listing_published.connect(on_listing_published, dispatch_uid="matching.alert_for_listing")
