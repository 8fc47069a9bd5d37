from django.urls import path

from td2035.accounts import views

app_name = "accounts"
urlpatterns = [
    path("cuenta/", views.account_home, name="home"),
    path("cuenta/salir-de-todas-partes/", views.logout_everywhere, name="logout-everywhere"),
    path("cuenta/tokens/", views.token_list, name="tokens"),
    path("cuenta/tokens/<int:pk>/revocar/", views.token_revoke, name="token-revoke"),
    path("cuenta/auditoria/", views.audit_log, name="audit-log"),
]
