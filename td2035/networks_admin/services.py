"""Running a network: invitations to organisations and sub-networks, join requests, removals,
verification of members, the roster export.

Every function takes the acting person (`actor`), checks permission through td2035.roles.permissions,
runs in one transaction and writes its audit entry in it. HTML views call these functions and never decide
permissions themselves. Refusals of the request itself (already a member, already decided...) raise
DirectoryError with a message for the person.
"""

from datetime import timedelta

from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from td2035.accounts import audit
from td2035.accounts.actors import Actor, require
from td2035.accounts.models import User
from td2035.core.http import absolute_url
from td2035.directory import services
from td2035.directory.models import Network, NetworkLink, NetworkMembership, Organization
from td2035.directory.queries import organizations_in_network
from td2035.directory.services import DirectoryError
from td2035.networks_admin import mail, queries
from td2035.networks_admin.models import NetworkInvitation, NetworkJoinRequest
from td2035.registration import claims, organizations
from td2035.roles.permissions import is_network_admin, is_org_admin

MAX_INVITATIONS_PER_DAY = 200  # per network: an admin's account cannot become a mail cannon
MAX_REQUESTS_PER_DAY = 20  # per organisation
MESSAGE_LENGTH = 1000

Invitation = NetworkInvitation
JoinRequest = NetworkJoinRequest


class AlreadyDecided(DirectoryError):
    """The invitation or request was accepted, declined or cancelled before (409 for the views)."""


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _message(text: str) -> str:
    return organizations.plain_text(text)[:MESSAGE_LENGTH]


def _joined(network: Network, organization: Organization) -> None:
    """Make the organisation a direct member, dated today (an existing membership keeps its date)."""
    services.add_member(network, organization)
    NetworkMembership.objects.filter(network=network, organization=organization, joined_on=None).update(
        joined_on=timezone.localdate()
    )


def _mail_context(network: Network, request: HttpRequest | None, **extra: object) -> dict[str, object]:
    return {
        "network": network,
        "network_url": absolute_url(reverse("directory:network", args=[network.slug]), request),
        **extra,
    }


# --- Invitations (the network's side). ------------------------------------------------------------


def _check_invitation_quota(network: Network) -> None:
    since = timezone.now() - timedelta(days=1)
    if Invitation.objects.filter(network=network, created_at__gte=since).count() >= MAX_INVITATIONS_PER_DAY:
        raise DirectoryError(
            _("Demasiadas invitaciones hoy; inténtalo mañana. / Too many invitations today; try tomorrow.")
        )


def _send_invitation(invitation: Invitation, request: HttpRequest | None) -> None:
    context = _mail_context(
        invitation.network,
        request,
        invitation=invitation,
        invitee=invitation.invitee,
        url=absolute_url(reverse("networks_admin:invitation", args=[invitation.pk]), request),
    )
    mail.notify(queries.invitee_admin_emails(invitation), "invitation_sent", context)


@transaction.atomic
def invite_organization(
    *,
    actor: Actor,
    network: Network,
    organization: Organization,
    message: str = "",
    request: HttpRequest | None = None,
) -> Invitation:
    """Invite an organisation to become a direct member. Its admins accept or decline."""
    require(is_network_admin(actor, network.pk))
    if NetworkMembership.objects.filter(network=network, organization=organization).exists():
        raise DirectoryError(
            _("«%(org)s» ya es miembro de esta red. / %(org)s is already a member.")
            % {"org": organization.name}
        )
    if JoinRequest.objects.filter(
        network=network, organization=organization, status=JoinRequest.Status.PENDING
    ).exists():
        raise DirectoryError(
            _(
                "«%(org)s» ya pidió unirse: aprueba su solicitud. / %(org)s already asked to join: "
                "approve its request."
            )
            % {"org": organization.name}
        )
    if Invitation.objects.filter(
        network=network, organization=organization, status=Invitation.Status.PENDING
    ).exists():
        raise DirectoryError(
            _("Ya invitaste a «%(org)s». / %(org)s is already invited.") % {"org": organization.name}
        )
    return _create_invitation(actor, network, message, request, organization=organization)


@transaction.atomic
def invite_network(
    *,
    actor: Actor,
    network: Network,
    child: Network,
    message: str = "",
    request: HttpRequest | None = None,
) -> Invitation:
    """Invite another network to become a sub-network. Its admins accept or decline."""
    require(is_network_admin(actor, network.pk))
    services.ensure_no_cycle(network, child)
    if NetworkLink.objects.filter(parent=network, child=child).exists():
        raise DirectoryError(
            _("«%(net)s» ya es una sub-red de esta red. / %(net)s is already a sub-network.")
            % {"net": child.name}
        )
    if Invitation.objects.filter(
        network=network, child_network=child, status=Invitation.Status.PENDING
    ).exists():
        raise DirectoryError(
            _("Ya invitaste a «%(net)s». / %(net)s is already invited.") % {"net": child.name}
        )
    return _create_invitation(actor, network, message, request, child_network=child)


def _create_invitation(
    actor: Actor,
    network: Network,
    message: str,
    request: HttpRequest | None,
    *,
    organization: Organization | None = None,
    child_network: Network | None = None,
) -> Invitation:
    """The shared end of both invitations: quota, the record, the audit entry and the e-mail."""
    _check_invitation_quota(network)
    invitation = Invitation.objects.create(
        network=network,
        organization=organization,
        child_network=child_network,
        message=_message(message),
        invited_by=_user(actor),
    )
    target = (
        {"organization": organization.pk}
        if organization
        else {"network": child_network.pk if child_network else None}
    )
    audit.record(
        actor,
        "network.invitation_sent",
        network,
        data={"invitation": invitation.pk, **target},
        request=request,
    )
    _send_invitation(invitation, request)
    return invitation


def _pending_invitation(invitation_id: int) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("network", "organization", "child_network", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise Http404("no such invitation")
    return invitation


def _ensure_pending(item: Invitation | JoinRequest) -> None:
    if item.status != "pending":
        raise AlreadyDecided(
            _("Esto ya se resolvió (%(status)s). / This was already decided.")
            % {"status": item.get_status_display()}
        )


def _close(item: Invitation | JoinRequest, status: str, actor: Actor) -> None:
    item.status = status
    item.decided_at = timezone.now()
    item.decided_by = _user(actor)
    item.save(update_fields=["status", "decided_at", "decided_by"])


@transaction.atomic
def cancel_invitation(
    *, actor: Actor, network: Network, invitation_id: int, request: HttpRequest | None = None
) -> Invitation:
    """The network withdraws a pending invitation (404 if it is another network's)."""
    require(is_network_admin(actor, network.pk))
    invitation = _pending_invitation(invitation_id)
    if invitation.network_id != network.pk:
        raise Http404("not this network's invitation")
    _ensure_pending(invitation)
    _close(invitation, Invitation.Status.CANCELLED, actor)
    audit.record(
        actor, "network.invitation_cancelled", network, data={"invitation": invitation.pk}, request=request
    )
    return invitation


# --- Invitations (the invited side). --------------------------------------------------------------


def _notify_decision(invitation: Invitation, request: HttpRequest | None) -> None:
    recipients = set(queries.network_admin_emails(invitation.network_id))
    if invitation.invited_by is not None and invitation.invited_by.is_active:
        recipients.add(invitation.invited_by.email)
    context = _mail_context(
        invitation.network,
        request,
        invitation=invitation,
        invitee=invitation.invitee,
        url=absolute_url(reverse("networks_admin:dashboard", args=[invitation.network.slug]), request),
    )
    mail.notify(sorted(recipients), "invitation_decided", context)


@transaction.atomic
def accept_invitation(*, actor: Actor, invitation_id: int, request: HttpRequest | None = None) -> Invitation:
    """An admin of the invited organisation (or network) accepts: it becomes a member (a sub-network).

    A sub-network that would close a circle is refused (NetworkCycleError) and the invitation stays
    pending."""
    invitation = _pending_invitation(invitation_id)
    require(queries.may_answer(actor, invitation))
    _ensure_pending(invitation)
    network = invitation.network
    if invitation.organization is not None:
        _joined(network, invitation.organization)
        JoinRequest.objects.filter(
            network=network, organization=invitation.organization, status=JoinRequest.Status.PENDING
        ).update(status=JoinRequest.Status.APPROVED, decided_at=timezone.now(), decided_by=_user(actor))
    else:
        assert invitation.child_network is not None
        services.link_networks(network, invitation.child_network)
    _close(invitation, Invitation.Status.ACCEPTED, actor)
    audit.record(
        actor,
        "network.invitation_accepted",
        invitation.invitee,
        data={"invitation": invitation.pk, "network": network.pk},
        request=request,
    )
    _notify_decision(invitation, request)
    return invitation


@transaction.atomic
def decline_invitation(*, actor: Actor, invitation_id: int, request: HttpRequest | None = None) -> Invitation:
    invitation = _pending_invitation(invitation_id)
    require(queries.may_answer(actor, invitation))
    _ensure_pending(invitation)
    _close(invitation, Invitation.Status.DECLINED, actor)
    audit.record(
        actor,
        "network.invitation_declined",
        invitation.invitee,
        data={"invitation": invitation.pk, "network": invitation.network_id},
        request=request,
    )
    _notify_decision(invitation, request)
    return invitation


# --- Join requests. ------------------------------------------------------------------------------


@transaction.atomic
def request_to_join(
    *,
    actor: Actor,
    network: Network,
    organization: Organization,
    message: str = "",
    request: HttpRequest | None = None,
) -> JoinRequest:
    """An admin of the organisation asks the network to take it in. The network's admins decide."""
    require(is_org_admin(actor, organization.pk))
    if NetworkMembership.objects.filter(network=network, organization=organization).exists():
        raise DirectoryError(
            _("«%(org)s» ya es miembro de esta red. / %(org)s is already a member.")
            % {"org": organization.name}
        )
    if network.organization_id == organization.pk:
        raise DirectoryError(
            _("Esta organización coordina la red. / This organization runs the network."), "organization"
        )
    pending = JoinRequest.objects.filter(
        network=network, organization=organization, status=JoinRequest.Status.PENDING
    ).first()
    if pending is not None:
        raise DirectoryError(
            _(
                "Ya pediste unirte; la red aún no decide. / You already asked; the network has not decided yet."
            )
        )
    if Invitation.objects.filter(
        network=network, organization=organization, status=Invitation.Status.PENDING
    ).exists():
        raise DirectoryError(
            _(
                "Esta red ya invitó a «%(org)s»: acepta su invitación. / This network already invited "
                "%(org)s: accept its invitation."
            )
            % {"org": organization.name}
        )
    since = timezone.now() - timedelta(days=1)
    if (
        JoinRequest.objects.filter(organization=organization, created_at__gte=since).count()
        >= MAX_REQUESTS_PER_DAY
    ):
        raise DirectoryError(_("Demasiadas solicitudes hoy; inténtalo mañana. / Too many requests today."))
    join = JoinRequest.objects.create(
        network=network, organization=organization, requested_by=_user(actor), message=_message(message)
    )
    audit.record(
        actor,
        "network.join_requested",
        organization,
        data={"request": join.pk, "network": network.pk},
        request=request,
    )
    context = _mail_context(
        network,
        request,
        join=join,
        organization=organization,
        url=absolute_url(reverse("networks_admin:requests", args=[network.slug]), request),
    )
    mail.notify(queries.network_admin_emails(network.pk), "join_requested", context)
    return join


def _pending_join_request(network: Network, request_id: int) -> JoinRequest:
    join = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("organization", "requested_by")
        .filter(pk=request_id, network=network)
        .first()
    )
    if join is None:
        raise Http404("no such request for this network")
    return join


def _notify_join_decision(network: Network, join: JoinRequest, request: HttpRequest | None) -> None:
    recipients = set(queries.organization_admin_emails(join.organization_id))
    if join.requested_by is not None and join.requested_by.is_active:
        recipients.add(join.requested_by.email)
    context = _mail_context(network, request, join=join, organization=join.organization)
    mail.notify(sorted(recipients), "join_decided", context)


@transaction.atomic
def approve_join_request(
    *, actor: Actor, network: Network, request_id: int, request: HttpRequest | None = None
) -> JoinRequest:
    require(is_network_admin(actor, network.pk))
    join = _pending_join_request(network, request_id)
    _ensure_pending(join)
    _joined(network, join.organization)
    _close(join, JoinRequest.Status.APPROVED, actor)
    Invitation.objects.filter(
        network=network, organization=join.organization, status=Invitation.Status.PENDING
    ).update(status=Invitation.Status.ACCEPTED, decided_at=timezone.now(), decided_by=_user(actor))
    audit.record(
        actor,
        "network.join_approved",
        network,
        data={"request": join.pk, "organization": join.organization_id},
        request=request,
    )
    _notify_join_decision(network, join, request)
    return join


@transaction.atomic
def decline_join_request(
    *, actor: Actor, network: Network, request_id: int, request: HttpRequest | None = None
) -> JoinRequest:
    require(is_network_admin(actor, network.pk))
    join = _pending_join_request(network, request_id)
    _ensure_pending(join)
    _close(join, JoinRequest.Status.DECLINED, actor)
    audit.record(
        actor,
        "network.join_declined",
        network,
        data={"request": join.pk, "organization": join.organization_id},
        request=request,
    )
    _notify_join_decision(network, join, request)
    return join


# --- Members. ------------------------------------------------------------------------------------


@transaction.atomic
def remove_member(
    *, actor: Actor, network: Network, organization: Organization, request: HttpRequest | None = None
) -> None:
    """Take a direct member out of the network (its profile and other networks stay)."""
    require(is_network_admin(actor, network.pk))
    if not NetworkMembership.objects.filter(network=network, organization=organization).exists():
        raise Http404("not a member of this network")
    services.remove_member(network, organization)
    audit.record(
        actor, "network.member_removed", network, data={"organization": organization.pk}, request=request
    )
    context = _mail_context(network, request, organization=organization)
    mail.notify(queries.organization_admin_emails(organization.pk), "member_removed", context)


@transaction.atomic
def remove_sub_network(
    *, actor: Actor, network: Network, child: Network, request: HttpRequest | None = None
) -> None:
    """Unlink a sub-network (it keeps its own members and admins)."""
    require(is_network_admin(actor, network.pk))
    deleted, _rows = NetworkLink.objects.filter(parent=network, child=child).delete()
    if not deleted:
        raise Http404("not a sub-network of this network")
    audit.record(actor, "network.subnetwork_removed", network, data={"network": child.pk}, request=request)


@transaction.atomic
def verify_member(
    *,
    actor: Actor,
    network: Network,
    organization: Organization,
    verified: bool = True,
    request: HttpRequest | None = None,
) -> Organization:
    """Vouch for a member of the network or of one of its sub-networks (or withdraw it). The rule and
    the audit entry are claims.verify_organization's."""
    require(is_network_admin(actor, network.pk))
    if not organizations_in_network(network, recursive=True).filter(pk=organization.pk).exists():
        raise Http404("not a member of this network")
    return claims.verify_organization(actor, organization, verified=verified, request=request)


# --- Export. -------------------------------------------------------------------------------------


@transaction.atomic
def export_roster(
    *, actor: Actor, network: Network, request: HttpRequest | None = None
) -> list[queries.RosterRow]:
    """The roster, sub-networks' members included; every export is in the audit log."""
    require(is_network_admin(actor, network.pk))
    rows = queries.roster(network)
    audit.record(
        actor, "network.roster_exported", network, data={"rows": len(rows), "format": "csv"}, request=request
    )
    return rows
