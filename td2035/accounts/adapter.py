"""django-allauth hooks. The privacy app remembers each person's accepted notice at sign-in, on allauth's
user_logged_in signal."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from td2035.core.client_address import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """Sign-in rate limits count per address by the same rule as everything else (client_address)."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client address")
        return address
