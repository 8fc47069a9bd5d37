"""The demo app owns every demo loader and its data: the fictional Querétaro ecosystem (organisations,
networks, memberships), the demo people, listings, inquiries, maturity assessments and the dashboard's
example target, and `manage.py load_demo`, which loads them all (idempotent, `--reset` reloads).

It is the top layer: it may import every other app, and nothing may import it (no product module, no
other app's tests). Other code finds demo records by their `is_demo` flag, never through this app.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "td2035.demo"
    label = "demo"
    verbose_name = _("Datos de demostración")
