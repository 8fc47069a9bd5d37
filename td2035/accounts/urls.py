from django.urls import path

from td2035.accounts import views

app_name = "accounts"
urlpatterns = [
    path("cuenta/", views.account_home, name="home"),
    path("cuenta/salir-de-todas-partes/", views.logout_everywhere, name="logout-everywhere"),
]
