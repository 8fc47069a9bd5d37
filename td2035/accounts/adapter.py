"""django-allauth hooks."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from td2035.accounts import privacy
from td2035.accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        super().login(request, user)
        # From now on the consent middleware compares this with the current notice (0: never accepted).
        if isinstance(user, User):
            privacy.remember_consent_version(request, user)
