"""`python manage.py create_api_token EMAIL [--scope read|write] [--create-user]`: print a new token.

Only the token goes to standard output (so that `TOKEN=$(python manage.py create_api_token …)` works);
anything else goes to standard error. For operations and tests; people create theirs in account settings.
"""

from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction

from td2035.accounts import tokens
from td2035.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Create a personal API token for EMAIL and print it (only the token, on standard output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ)
        parser.add_argument(
            "--create-user",
            action="store_true",
            help="Create the person first (e-mail marked verified) if there is none with this e-mail.",
        )
        parser.add_argument("--name", default="manage.py create_api_token", help="Shown in account settings.")
        parser.add_argument(
            "--days",
            type=int,
            default=tokens.DEFAULT_EXPIRY_DAYS,
            help=f"Days until it expires (default {tokens.DEFAULT_EXPIRY_DAYS}; 0: never).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"not an e-mail address: {email!r}") from exc
        with transaction.atomic():
            user = self._user(email, create=options["create_user"])
            try:
                _token, secret = tokens.create_token(
                    actor=user,
                    name=options["name"],
                    scope=options["scope"],
                    days=options["days"] or None,
                    via="manage.py",
                )
            except tokens.TokenError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(secret)

    def _user(self, email: str, *, create: bool) -> User:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            if not user.is_active:
                raise CommandError(f"{email} is not active")
            return user
        if not create:
            raise CommandError(f"no person with e-mail {email} (use --create-user to create one)")
        user = User.objects.create_user(email)  # no password: signs in by resetting it, if ever
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        self.stderr.write(f"created {email} (e-mail verified, no password)")
        return user
