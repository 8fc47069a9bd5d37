from django.urls import path

from td2035.maturity import views

app_name = "maturity"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("<slug:slug>/", views.organization, name="history"),
    path("<slug:slug>/iniciar/", views.start, name="start"),
    path("<slug:slug>/evaluacion/<int:pk>/", views.result, name="result"),
    path("<slug:slug>/evaluacion/<int:pk>/imprimir/", views.print_view, name="print"),
    path("<slug:slug>/evaluacion/<int:pk>/paso/<int:step>/", views.step, name="step"),
]
