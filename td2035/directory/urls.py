from django.urls import path

from td2035.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
]
