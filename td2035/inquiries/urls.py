from django.urls import path

from td2035.inquiries import views

app_name = "inquiries"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("nueva/<int:listing_pk>/", views.start, name="start"),
    path("<int:pk>/", views.thread, name="thread"),
    path("<int:pk>/cerrar/", views.close, name="close"),
    path("<int:pk>/adjuntos/<int:attachment_pk>/", views.attachment, name="attachment"),
]
