from django.urls import path

from td2035.market import views
from td2035.market.supply_chain import supply_chain_view

app_name = "market"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("publicar/", views.create, name="create"),
    path("mis-publicaciones/", views.mine, name="mine"),
    path("actividades/", views.scian_options, name="scian-options"),
    path("<int:pk>/", views.listing, name="listing"),
    path("<int:pk>/editar/", views.edit, name="edit"),
    path("<int:pk>/publicar/", views.publish, name="publish"),
    path("<int:pk>/cerrar/", views.close, name="close"),
    path("<int:pk>/adjuntos/", views.attachment_add, name="attachment-add"),
    path("<int:pk>/adjuntos/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/adjuntos/<int:attachment_pk>/quitar/", views.attachment_remove, name="attachment-remove"),
    path("cadena/", supply_chain_view, name="supply-chain"),
]
