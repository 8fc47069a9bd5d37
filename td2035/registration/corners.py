"""The profile page's management corner: what the visitor may do with this organisation (edit, people,
verify, claim). Answers directory.signals.organization_corner."""

from typing import Any

from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from td2035.accounts.actors import is_platform_admin
from td2035.accounts.models import User
from td2035.directory.models import Organization
from td2035.directory.signals import organization_corner
from td2035.registration import queries
from td2035.roles.models import NetworkAdmin, OrganizationRole
from td2035.roles.permissions import can_verify_organization, org_role


@receiver(organization_corner)
def profile_actions(request: HttpRequest, organization: Organization, **kwargs: Any) -> SafeString:
    user = request.user
    signed_in = user.is_authenticated
    role = org_role(user, organization.pk) if signed_in else None
    runs_networks = isinstance(user, User) and (
        is_platform_admin(user) or NetworkAdmin.objects.filter(user=user).exists()
    )
    context = {
        "org": organization,
        "signed_in": signed_in,
        "can_edit": is_platform_admin(user) or role == OrganizationRole.Role.ADMIN,
        "is_member": role is not None,
        "can_verify": runs_networks and can_verify_organization(user, organization.pk),
        "pending_claim": queries.pending_claim(user, organization) if signed_in and role is None else None,
    }
    return render_to_string("registration/_profile_actions.html", context, request=request)
