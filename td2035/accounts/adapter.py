"""django-allauth hooks."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from td2035.accounts.models import User
from td2035.core.client_address import client_ip
from td2035.privacy import notices


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        super().login(request, user)
        # From now on the consent middleware compares this with the current notice (0: never accepted).
        if isinstance(user, User):
            notices.remember_consent_version(request, user)

    def get_client_ip(self, request: HttpRequest) -> str:
        """Sign-in rate limits count per address by the same rule as everything else (client_address)."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client address")
        return address
