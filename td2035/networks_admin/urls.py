"""Running a network. Included before the directory's URLs, so that /redes/invitaciones/ is not taken
for a network's <slug>."""

from django.urls import path

from td2035.networks_admin import views

app_name = "networks_admin"
urlpatterns = [
    path("redes/invitaciones/", views.inbox, name="inbox"),
    path("redes/invitaciones/<int:pk>/", views.invitation, name="invitation"),
    path(
        "redes/invitaciones/<int:pk>/aceptar/",
        views.invitation_answer,
        {"accept": True},
        name="invitation-accept",
    ),
    path(
        "redes/invitaciones/<int:pk>/rechazar/",
        views.invitation_answer,
        {"accept": False},
        name="invitation-decline",
    ),
    path("redes/<slug:slug>/unirse/", views.join, name="join"),
    path("redes/<slug:slug>/administrar/", views.dashboard, name="dashboard"),
    path(
        "redes/<slug:slug>/administrar/invitaciones/",
        views.invitations,
        name="invitations",
    ),
    path(
        "redes/<slug:slug>/administrar/invitaciones/<int:pk>/cancelar/",
        views.invitation_cancel,
        name="invitation-cancel",
    ),
    path(
        "redes/<slug:slug>/administrar/solicitudes/",
        views.join_requests,
        name="requests",
    ),
    path(
        "redes/<slug:slug>/administrar/solicitudes/<int:pk>/aprobar/",
        views.join_request_decide,
        {"approve": True},
        name="request-approve",
    ),
    path(
        "redes/<slug:slug>/administrar/solicitudes/<int:pk>/rechazar/",
        views.join_request_decide,
        {"approve": False},
        name="request-decline",
    ),
    path("redes/<slug:slug>/administrar/miembros/", views.members, name="members"),
    path(
        "redes/<slug:slug>/administrar/miembros.csv",
        views.roster_export,
        name="roster",
    ),
    path(
        "redes/<slug:slug>/administrar/miembros/<slug:org_slug>/quitar/",
        views.member_remove,
        name="member-remove",
    ),
    path(
        "redes/<slug:slug>/administrar/miembros/<slug:org_slug>/verificar/",
        views.member_verify,
        name="member-verify",
    ),
    path(
        "redes/<slug:slug>/administrar/sub-redes/<slug:child_slug>/quitar/",
        views.sub_network_remove,
        name="subnetwork-remove",
    ),
]
