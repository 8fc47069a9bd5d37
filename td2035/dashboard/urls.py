from django.urls import path

from td2035.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("csv/<slug:slug>.csv", views.table_csv, name="csv"),
    path("metas/", views.targets, name="targets"),
    path("red/<slug:slug>/", views.network_page, name="network-view"),
    path("red/<slug:slug>/csv/<slug:table>.csv", views.network_csv, name="network-csv"),
]
