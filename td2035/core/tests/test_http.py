import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from td2035.core.http import signed_in_user

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
