from django.urls import path

from td2035.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/abrir/", views.notification_open, name="open"),
    path("<int:pk>/leido/", views.notification_read, name="read"),
    path("leer-todo/", views.notification_read_all, name="read-all"),
]
