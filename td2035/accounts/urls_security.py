from django.urls import path

from td2035.accounts import security_views

app_name = "security"
urlpatterns = [
    path("cuenta/tokens/", security_views.token_list, name="tokens"),
    path("cuenta/tokens/<int:pk>/revocar/", security_views.token_revoke, name="token-revoke"),
    path("cuenta/auditoria/", security_views.audit_log, name="audit-log"),
]
