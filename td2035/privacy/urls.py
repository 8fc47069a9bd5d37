from django.urls import path

from td2035.privacy import views

app_name = "privacy"
urlpatterns = [
    path("cuenta/privacidad/", views.my_privacy, name="privacy"),
    path("cuenta/privacidad/descargar/", views.privacy_export, name="privacy-export"),
    path("cuenta/privacidad/eliminar/", views.privacy_delete, name="privacy-delete"),
    path("cuenta/privacidad/oposicion/", views.privacy_preferences, name="privacy-preferences"),
    path("cuenta/privacidad/solicitud/", views.arco_request, name="arco-request"),
    path("cuenta/arco/", views.arco_queue, name="arco-queue"),
    path("cuenta/arco/<int:pk>/", views.arco_resolve, name="arco-resolve"),
    path("privacidad/", views.privacy_notice, name="privacy-notice"),
    path("privacidad/simplificado/", views.privacy_short, name="privacy-short"),
    path("privacidad/consentimiento/", views.privacy_consent, name="privacy-consent"),
]
