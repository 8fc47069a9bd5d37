from django.urls import path

from td2035.reference import views

app_name = "reference"
urlpatterns = [
    path("tamano-de-empresa/", views.company_size_page, name="company-size"),
]
