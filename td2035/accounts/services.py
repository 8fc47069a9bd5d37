"""Writes a person makes about themselves."""

from django.db import transaction
from django.http import HttpRequest

from td2035.accounts.actors import Actor, signed_in
from td2035.accounts.models import User
from td2035.accounts.signals import name_changed
from td2035.core.cleaning import limited_text

MAX_NAME = 150  # User.full_name


@transaction.atomic
def update_name(*, actor: Actor, full_name: str, request: HttpRequest | None = None) -> bool:
    """The person corrects their name. Returns whether it changed; a change is announced (name_changed)."""
    user = signed_in(actor)
    full_name = limited_text("full_name", full_name, MAX_NAME, one_line=True)
    if full_name == user.full_name:
        return False
    user.full_name = full_name
    user.save(update_fields=["full_name"])
    name_changed.send(sender=User, user=user)
    return True
