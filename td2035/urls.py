from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from td2035 import health
from td2035.api import api

# The admin has no sign-in form of its own: people sign in through allauth, with its MFA and its limits
# on failed attempts, and come back (a stock admin login would skip both).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("td2035.accounts.urls")),  # /cuenta/: my account, API tokens, the audit log
    path("", include("td2035.privacy.urls")),  # /cuenta/privacidad/, /cuenta/arco/ (ARCO) and /privacidad/
    path("cuenta/", include("allauth.urls")),
    path("referencia/", include("td2035.reference.urls")),
    path("mercado/", include("td2035.market.urls")),
    path("consultas/", include("td2035.inquiries.urls")),
    path("avisos/", include("td2035.notifications.urls")),
    path("coincidencias/", include("td2035.matching.urls")),
    path("madurez/", include("td2035.maturity.urls")),
    path("tablero/", include("td2035.dashboard.urls")),
    path("", include("td2035.registration.urls")),  # before the directory: /organizaciones/registrar/
    path("", include("td2035.networks_admin.urls")),  # before the directory: /redes/invitaciones/
    path("", include("td2035.directory.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
