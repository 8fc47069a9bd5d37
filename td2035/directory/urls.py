from django.urls import path

from td2035.directory import views, views_manage

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("directorio/", views.search, name="search"),
    # Registering, claiming and running an organisation (views_manage); before the profile's <slug>.
    path("organizaciones/registrar/", views_manage.register, name="register"),
    path("organizaciones/registrar/actividades/", views_manage.scian_search, name="register-scian"),
    path("organizaciones/verificacion/", views_manage.verification_queue, name="verification"),
    path(
        "organizaciones/verificacion/<int:pk>/<str:decision>/",
        views_manage.decide_claim,
        name="decide-claim",
    ),
    path("organizaciones/<slug:slug>/reclamar/", views_manage.claim, name="claim"),
    path("organizaciones/<slug:slug>/verificar/", views_manage.verify, name="verify"),
    path("organizaciones/<slug:slug>/editar/", views_manage.edit, name="edit"),
    path("organizaciones/<slug:slug>/logotipo/", views_manage.logo, name="logo"),
    path("organizaciones/<slug:slug>/personas/", views_manage.people, name="people"),
    path("organizaciones/<slug:slug>/personas/invitar/", views_manage.invite, name="invite"),
    path(
        "organizaciones/<slug:slug>/personas/<int:user_id>/rol/", views_manage.change_role, name="change-role"
    ),
    path(
        "organizaciones/<slug:slug>/personas/<int:user_id>/quitar/",
        views_manage.remove_person,
        name="remove-person",
    ),
    path(
        "organizaciones/<slug:slug>/invitaciones/<int:pk>/cancelar/",
        views_manage.revoke_invitation,
        name="revoke-invitation",
    ),
    path("invitaciones/<str:token>/", views_manage.invitation, name="invitation"),
    path("cuenta/organizaciones/", views_manage.my_organizations, name="my-organizations"),
    path("logos/<str:name>", views_manage.logo_file, name="logo-file"),
    path("organizaciones/<slug:slug>/", views.organization, name="organization"),
    path("redes/", views.networks, name="networks"),
    path("redes/grafo/", views.network_graph, name="graph"),
    path("redes/<slug:slug>/", views.network, name="network"),
    path("mapa/", views.map_page, name="map"),
    path("mapa/datos.geojson", views.map_data, name="map-data"),
]
