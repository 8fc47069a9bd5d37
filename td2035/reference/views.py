from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def company_size_page(request: HttpRequest) -> HttpResponse:
    return render(request, "reference/company_size.html", {})
