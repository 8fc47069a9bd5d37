from django.urls import path

from td2035.directory import views, views_manage, views_network_admin

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
    path("redes/invitaciones/", views_network_admin.inbox, name="network-inbox"),
    path("redes/invitaciones/<int:pk>/", views_network_admin.invitation, name="network-invitation"),
    path(
        "redes/invitaciones/<int:pk>/aceptar/",
        views_network_admin.invitation_answer,
        {"accept": True},
        name="network-invitation-accept",
    ),
    path(
        "redes/invitaciones/<int:pk>/rechazar/",
        views_network_admin.invitation_answer,
        {"accept": False},
        name="network-invitation-decline",
    ),
    path("redes/<slug:slug>/", views.network, name="network"),
    path("redes/<slug:slug>/unirse/", views_network_admin.join, name="network-join"),
    path("redes/<slug:slug>/administrar/", views_network_admin.dashboard, name="network-admin"),
    path(
        "redes/<slug:slug>/administrar/invitaciones/",
        views_network_admin.invitations,
        name="network-admin-invitations",
    ),
    path(
        "redes/<slug:slug>/administrar/invitaciones/<int:pk>/cancelar/",
        views_network_admin.invitation_cancel,
        name="network-admin-invitation-cancel",
    ),
    path(
        "redes/<slug:slug>/administrar/solicitudes/",
        views_network_admin.join_requests,
        name="network-admin-requests",
    ),
    path(
        "redes/<slug:slug>/administrar/solicitudes/<int:pk>/aprobar/",
        views_network_admin.join_request_decide,
        {"approve": True},
        name="network-admin-request-approve",
    ),
    path(
        "redes/<slug:slug>/administrar/solicitudes/<int:pk>/rechazar/",
        views_network_admin.join_request_decide,
        {"approve": False},
        name="network-admin-request-decline",
    ),
    path(
        "redes/<slug:slug>/administrar/miembros/", views_network_admin.members, name="network-admin-members"
    ),
    path(
        "redes/<slug:slug>/administrar/miembros.csv",
        views_network_admin.roster_export,
        name="network-admin-roster",
    ),
    path(
        "redes/<slug:slug>/administrar/miembros/<slug:org_slug>/quitar/",
        views_network_admin.member_remove,
        name="network-admin-member-remove",
    ),
    path(
        "redes/<slug:slug>/administrar/miembros/<slug:org_slug>/verificar/",
        views_network_admin.member_verify,
        name="network-admin-member-verify",
    ),
    path(
        "redes/<slug:slug>/administrar/sub-redes/<slug:child_slug>/quitar/",
        views_network_admin.sub_network_remove,
        name="network-admin-subnetwork-remove",
    ),
    path("mapa/", views.map_page, name="map"),
    path("mapa/datos.geojson", views.map_data, name="map-data"),
]
