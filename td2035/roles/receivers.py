"""The account home's section on the organisations and networks a person speaks for
(accounts.signals.account_home_sections)."""

from typing import Any

from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string

from td2035.accounts.models import User
from td2035.accounts.signals import account_home_sections
from td2035.roles.models import NetworkAdmin, OrganizationRole


@receiver(account_home_sections)
def my_roles(request: HttpRequest, user: User, **kwargs: Any) -> str:
    context = {
        "roles": OrganizationRole.objects.filter(user=user).select_related("organization"),
        "network_roles": NetworkAdmin.objects.filter(user=user).select_related("network"),
    }
    return render_to_string("roles/_account_section.html", context, request=request)
