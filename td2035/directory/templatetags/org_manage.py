"""The profile page's management corner: logo, and what the visitor may do with this organisation."""

from typing import Any

from django import template
from django.urls import reverse

from td2035.accounts.actors import is_platform_admin
from td2035.directory import logos, manage_queries
from td2035.directory.models import Organization
from td2035.roles.models import NetworkAdmin, OrganizationRole
from td2035.roles.permissions import can_verify_organization, org_role

register = template.Library()


@register.simple_tag
def logo_url(org: Organization) -> str:
    return reverse("directory:logo-file", args=[logos.file_name(org.logo.name or "")]) if org.logo else ""


@register.inclusion_tag("directory/manage/_profile_actions.html", takes_context=True)
def profile_actions(context: template.Context, org: Organization) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    signed_in = user.is_authenticated
    role = org_role(user, org.pk) if signed_in else None
    runs_networks = signed_in and (
        is_platform_admin(user) or NetworkAdmin.objects.filter(user_id=user.pk).exists()
    )
    return {
        "org": org,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "signed_in": signed_in,
        "can_edit": is_platform_admin(user) or role == OrganizationRole.Role.ADMIN,
        "is_member": role is not None,
        "can_verify": runs_networks and can_verify_organization(user, org.pk),
        "pending_claim": manage_queries.pending_claim(user, org) if signed_in and role is None else None,
    }
