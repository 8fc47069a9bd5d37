"""The network page's corner for people who run it or want to join it."""

from typing import Any

from django import template

from td2035.directory import network_admin_queries as queries
from td2035.directory.models import Network
from td2035.roles.permissions import is_network_admin

register = template.Library()


@register.inclusion_tag("directory/network_admin/_network_actions.html", takes_context=True)
def network_actions(context: template.Context, network: Network) -> dict[str, Any]:
    """Administrar for its admins; Solicitar unirse for admins of organisations that could join."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"network": network}
    return {
        "network": network,
        "can_admin": is_network_admin(user, network.pk),
        "can_join": bool(queries.joinable_organizations(user, network)),
        "invitations": queries.pending_invitations_from(network, user),
    }
