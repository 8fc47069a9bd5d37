from django.urls import path

from td2035.matching import views

app_name = "matching"
urlpatterns = [
    path("anuncio/<int:pk>/", views.listing_matches, name="listing-matches"),
    path("organizacion/<slug:slug>/", views.organization_matches, name="organization-matches"),
    path("avisos/", views.alert_settings, name="alerts"),
]
