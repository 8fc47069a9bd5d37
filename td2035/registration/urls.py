"""Registering, claiming and running an organisation. Included before the directory's URLs, so that
/organizaciones/registrar/ and /organizaciones/verificacion/ are not taken for a profile's <slug>."""

from django.urls import path

from td2035.registration.views import organizations, wizard

app_name = "registration"
urlpatterns = [
    path("organizaciones/registrar/", wizard.register, name="register"),
    path("organizaciones/registrar/actividades/", wizard.scian_search, name="register-scian"),
    path("organizaciones/verificacion/", organizations.verification_queue, name="verification"),
    path(
        "organizaciones/verificacion/<int:pk>/<str:decision>/",
        organizations.decide_claim,
        name="decide-claim",
    ),
    path("organizaciones/<slug:slug>/reclamar/", organizations.claim, name="claim"),
    path("organizaciones/<slug:slug>/verificar/", organizations.verify, name="verify"),
    path("organizaciones/<slug:slug>/editar/", organizations.edit, name="edit"),
    path("organizaciones/<slug:slug>/logotipo/", organizations.logo, name="logo"),
    path("organizaciones/<slug:slug>/personas/", organizations.people, name="people"),
    path("organizaciones/<slug:slug>/personas/invitar/", organizations.invite, name="invite"),
    path(
        "organizaciones/<slug:slug>/personas/<int:user_id>/rol/",
        organizations.change_role,
        name="change-role",
    ),
    path(
        "organizaciones/<slug:slug>/personas/<int:user_id>/quitar/",
        organizations.remove_person,
        name="remove-person",
    ),
    path(
        "organizaciones/<slug:slug>/invitaciones/<int:pk>/cancelar/",
        organizations.revoke_invitation,
        name="revoke-invitation",
    ),
    path("invitaciones/<str:token>/", organizations.invitation, name="invitation"),
    path("cuenta/organizaciones/", organizations.my_organizations, name="my-organizations"),
]
