from django.urls import include, path

from bench.baseline_view import baseline

urlpatterns = [
    path("bench/baseline/", baseline, name="bench-baseline"),
    path("", include("td2035.urls")),
]
