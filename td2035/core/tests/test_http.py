import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings

from td2035.core.http import absolute_url, signed_in_user

rf = RequestFactory()


def test_the_signed_in_person_is_the_request_user() -> None:
    request = rf.get("/")
    request.user = person = get_user_model()(email="ana@example.com")
    assert signed_in_user(request) is person


def test_an_anonymous_request_is_a_programming_error() -> None:
    request = rf.get("/")
    request.user = AnonymousUser()
    with pytest.raises(AssertionError):
        signed_in_user(request)


@override_settings(SITE_URL="https://td2035.example.mx")
def test_a_link_is_on_the_requests_host_or_else_on_site_url() -> None:
    request = rf.get("/", HTTP_HOST="localhost:8000", secure=True)
    assert absolute_url("/avisos/", request) == "https://localhost:8000/avisos/"
    assert absolute_url("/avisos/") == "https://td2035.example.mx/avisos/"


@override_settings(SITE_URL="https://td2035.example.mx/")
def test_a_trailing_slash_in_site_url_is_not_doubled() -> None:
    assert absolute_url("/avisos/") == "https://td2035.example.mx/avisos/"
