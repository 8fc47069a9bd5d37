from django.urls import path

from td2035.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("directorio/", views.search, name="search"),
    path("logos/<str:name>", views.logo_file, name="logo-file"),
    path("organizaciones/<slug:slug>/", views.organization, name="organization"),
    path("redes/", views.networks, name="networks"),
    path("redes/grafo/", views.network_graph, name="graph"),
    path("redes/<slug:slug>/", views.network, name="network"),
    path("mapa/", views.map_page, name="map"),
    path("mapa/datos.geojson", views.map_data, name="map-data"),
]
