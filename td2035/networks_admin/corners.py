"""The network page's corner for people who run it or want to join it: Administrar for its admins,
Solicitar unirse for admins of organisations that could join, and invitations waiting for them.
Answers directory.signals.network_corner."""

from typing import Any

from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from td2035.directory.models import Network
from td2035.directory.signals import network_corner
from td2035.networks_admin import queries
from td2035.roles.permissions import is_network_admin


@receiver(network_corner)
def network_actions(request: HttpRequest, network: Network, **kwargs: Any) -> SafeString:
    user = request.user
    context: dict[str, Any] = {"network": network}
    if user.is_authenticated:
        context |= {
            "can_admin": is_network_admin(user, network.pk),
            "can_join": bool(queries.joinable_organizations(user, network)),
            "invitations": queries.pending_invitations_from(network, user),
        }
    return render_to_string("networks_admin/_network_actions.html", context, request=request)
