"""django-allauth hooks. The privacy app remembers each person's accepted notice at sign-in, on allauth's
user_logged_in signal."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from td2035.core.client_address import client_ip

MAX_EMAIL = 254  # User.email and allauth's EmailAddress.email hold 254 characters


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """Sign-in rate limits count per address by the same rule as everything else (client_address)."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client address")
        return address

    def clean_email(self, email: str) -> str:
        """allauth would cut a longer address to its column's 254 characters (another address); refuse it."""
        if len(email) > MAX_EMAIL:
            raise forms.ValidationError(
                _(
                    "Ese correo es demasiado largo (máximo 254 caracteres). / That e-mail is too long (254 at most)."
                )
            )
        return super().clean_email(email)
