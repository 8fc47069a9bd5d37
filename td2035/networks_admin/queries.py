"""Reads behind running a network: the admin's dashboard, invitations, join requests, the roster, and
the invited side's inbox. Functions that load an object for someone also check that they may see it."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404

from td2035.accounts.actors import Actor, require
from td2035.accounts.models import User
from td2035.core.text import fold
from td2035.directory import stats
from td2035.directory.models import (
    Network,
    NetworkLink,
    NetworkMembership,
    Organization,
    OrganizationKind,
    SizeChoices,
)
from td2035.directory.queries import (
    DirectoryFilters,
    get_network,
    network_ancestor_ids,
    network_depths,
    organization_summaries,
    organizations_in_network,
    search_directory,
)
from td2035.networks_admin.models import NetworkInvitation, NetworkJoinRequest
from td2035.reference.models import ScianCode
from td2035.reference.queries import municipality_names
from td2035.roles.models import NetworkAdmin, OrganizationRole
from td2035.roles.permissions import administered_network_ids, is_network_admin, is_org_admin

MEMBERS_PER_PAGE = 25
CANDIDATES_SHOWN = 20
Invitee = Organization | Network


# --- Load and check together. ---------------------------------------------------------------------


def get_network_for_admin(actor: Actor, slug: str) -> Network:
    """The network if `actor` runs it (or a network above it): 404 if there is none, 403 if not theirs."""
    network = get_network(slug)
    require(is_network_admin(actor, network.pk))
    return network


def may_answer(actor: Actor, invitation: NetworkInvitation) -> bool:
    """Admins of the invited organisation, or of the invited network, accept or decline."""
    if invitation.organization_id is not None:
        return is_org_admin(actor, invitation.organization_id)
    assert invitation.child_network_id is not None
    return is_network_admin(actor, invitation.child_network_id)


def get_invitation_for_invitee(actor: Actor, invitation_id: int) -> NetworkInvitation:
    invitation = (
        NetworkInvitation.objects.select_related("network", "organization", "child_network", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise Http404("no such invitation")
    require(may_answer(actor, invitation))
    return invitation


def get_member(network: Network, org_slug: str) -> Organization:
    """A direct member of the network (404 otherwise)."""
    org = Organization.objects.filter(slug=org_slug, memberships__network=network).first()
    if org is None:
        raise Http404("not a member of this network")
    return org


def get_member_at_any_depth(network: Network, org_slug: str) -> Organization:
    """A member of the network or of one of its sub-networks (404 otherwise)."""
    org = organizations_in_network(network, recursive=True).filter(slug=org_slug).first()
    if org is None:
        raise Http404("not a member of this network")
    return org


def get_sub_network(network: Network, child_slug: str) -> Network:
    child = Network.objects.filter(slug=child_slug, parent_links__parent=network).first()
    if child is None:
        raise Http404("not a sub-network of this network")
    return child


# --- Who speaks for whom. -------------------------------------------------------------------------


def administered_organizations(user: Actor) -> QuerySet[Organization]:
    """Organisations in which `user` holds the admin role (platform admins too: only their own)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    ids = OrganizationRole.objects.filter(user_id=user.pk, role=OrganizationRole.Role.ADMIN).values(
        "organization_id"
    )
    return Organization.objects.filter(pk__in=ids).order_by("name", "pk")


def joinable_organizations(user: Actor, network: Network) -> list[Organization]:
    """Organisations `user` administers that are not yet direct members of the network and have no
    pending request to join it."""
    members = NetworkMembership.objects.filter(network=network).values("organization_id")
    pending = NetworkJoinRequest.objects.filter(
        network=network, status=NetworkJoinRequest.Status.PENDING
    ).values("organization_id")
    return list(
        administered_organizations(user)
        .exclude(pk__in=members)
        .exclude(pk__in=pending)
        .exclude(pk=network.organization_id or 0)
    )


def _active_emails(user_ids: "QuerySet[Any, Any]") -> list[str]:
    return sorted(set(User.objects.filter(pk__in=user_ids, is_active=True).values_list("email", flat=True)))


def organization_admin_emails(org_id: int) -> list[str]:
    admins = OrganizationRole.objects.filter(organization_id=org_id, role=OrganizationRole.Role.ADMIN)
    return _active_emails(admins.values("user_id"))


def network_admin_emails(network_id: int) -> list[str]:
    """The network's own admins; when it has none, the admins of the networks above it."""
    emails = _active_emails(NetworkAdmin.objects.filter(network_id=network_id).values("user_id"))
    if emails:
        return emails
    ancestors = network_ancestor_ids(network_id)
    return _active_emails(NetworkAdmin.objects.filter(network_id__in=ancestors).values("user_id"))


def invitee_admin_emails(invitation: NetworkInvitation) -> list[str]:
    if invitation.organization_id is not None:
        return organization_admin_emails(invitation.organization_id)
    assert invitation.child_network_id is not None
    return network_admin_emails(invitation.child_network_id)


# --- The invited side. ------------------------------------------------------------------------------


@dataclass
class Inbox:
    invitations: list[NetworkInvitation]  # pending, to an organisation or network the person runs
    requests: list[NetworkJoinRequest]  # their organisations' requests, newest first
    networks: list[Network]  # the networks the person runs (not counting sub-networks)


def inbox(user: Actor) -> Inbox:
    orgs = administered_organizations(user).values("pk")
    networks = administered_network_ids(user)
    invitations = (
        NetworkInvitation.objects.filter(status=NetworkInvitation.Status.PENDING)
        .filter(Q(organization_id__in=orgs) | Q(child_network_id__in=networks))
        .select_related("network", "organization", "child_network")
        .order_by("-created_at", "-pk")
    )
    requests = (
        NetworkJoinRequest.objects.filter(organization_id__in=orgs)
        .select_related("network", "organization")
        .order_by("-created_at", "-pk")[:50]
    )
    run = Network.objects.filter(admins__user_id=user.pk).order_by("name") if user.is_authenticated else []
    return Inbox(list(invitations), list(requests), list(run))


def pending_invitations_from(network: Network, user: Actor) -> list[NetworkInvitation]:
    """Pending invitations of this network to organisations `user` administers."""
    return list(
        NetworkInvitation.objects.filter(
            network=network,
            status=NetworkInvitation.Status.PENDING,
            organization_id__in=administered_organizations(user).values("pk"),
        ).select_related("organization")
    )


# --- The network admin's side. ----------------------------------------------------------------------


def pending_invitations(network: Network) -> QuerySet[NetworkInvitation]:
    return (
        NetworkInvitation.objects.filter(network=network, status=NetworkInvitation.Status.PENDING)
        .select_related("organization", "child_network", "invited_by")
        .order_by("-created_at", "-pk")
    )


def decided_invitations(network: Network, limit: int = 20) -> list[NetworkInvitation]:
    return list(
        NetworkInvitation.objects.filter(network=network)
        .exclude(status=NetworkInvitation.Status.PENDING)
        .select_related("organization", "child_network")
        .order_by("-decided_at", "-pk")[:limit]
    )


def pending_join_requests(network: Network) -> QuerySet[NetworkJoinRequest]:
    return (
        NetworkJoinRequest.objects.filter(network=network, status=NetworkJoinRequest.Status.PENDING)
        .select_related("organization", "organization__municipality", "requested_by")
        .defer("organization__municipality__boundary")
        .order_by("created_at", "pk")
    )


def decided_join_requests(network: Network, limit: int = 20) -> list[NetworkJoinRequest]:
    return list(
        NetworkJoinRequest.objects.filter(network=network)
        .exclude(status=NetworkJoinRequest.Status.PENDING)
        .select_related("organization")
        .order_by("-decided_at", "-pk")[:limit]
    )


@dataclass
class Dashboard:
    total: int  # members, sub-networks' included, each once
    direct: int
    verified: int
    pending_invitations: int
    pending_requests: int
    by_size: stats.Breakdown
    by_sector: stats.Breakdown
    by_municipality: stats.Breakdown
    children: list[stats.NetworkNode] = field(default_factory=list)

    @property
    def verified_percent(self) -> int:
        return round(100 * self.verified / self.total) if self.total else 0


def dashboard(network: Network) -> Dashboard:
    everyone = organizations_in_network(network, recursive=True)
    counts = stats.network_breakdown(network)
    return Dashboard(
        total=everyone.count(),
        direct=NetworkMembership.objects.filter(network=network).count(),
        verified=everyone.filter(is_verified=True).count(),
        pending_invitations=pending_invitations(network).count(),
        pending_requests=pending_join_requests(network).count(),
        by_size=counts["size"],
        by_sector=counts["sector"],
        by_municipality=counts["municipality"],
        children=stats.network_forest([network.pk])[0].children,
    )


def direct_members_page(network: Network, *, page: str | int | None, q: str = "") -> Page[Organization]:
    members = organization_summaries().filter(memberships__network=network)
    if q:
        members = members.filter(Q(name__icontains=q) | Q(legal_name__icontains=q))
    return Paginator(members.order_by("name", "pk"), MEMBERS_PER_PAGE).get_page(page)


def sub_networks(network: Network) -> list[Network]:
    return list(Network.objects.filter(parent_links__parent=network).order_by("name"))


# --- Whom to invite. ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    invitee: Invitee
    state: str  # "available", "member", "invited", "requested", "contains" (a network that contains this one)
    has_admins: bool = True  # nobody answers an invitation to an organisation nobody runs (yet)


def organization_candidates(network: Network, q: str) -> list[Candidate]:
    """Organisations the directory finds for `q`, each with where it stands with the network."""
    if not q.strip():
        return []
    found = search_directory(DirectoryFilters(q=q, page_size=CANDIDATES_SHOWN), with_facets=False)
    ids = [o.pk for o in found.organizations]
    members = set(
        NetworkMembership.objects.filter(network=network, organization_id__in=ids).values_list(
            "organization_id", flat=True
        )
    )
    invited = set(
        pending_invitations(network).filter(organization_id__in=ids).values_list("organization_id", flat=True)
    )
    requested = set(
        pending_join_requests(network)
        .filter(organization_id__in=ids)
        .values_list("organization_id", flat=True)
    )

    run = set(
        OrganizationRole.objects.filter(
            organization_id__in=ids, role=OrganizationRole.Role.ADMIN
        ).values_list("organization_id", flat=True)
    )

    def state(pk: int) -> str:
        if pk in members:
            return "member"
        if pk in requested:
            return "requested"
        return "invited" if pk in invited else "available"

    return [Candidate(org, state(org.pk), org.pk in run) for org in found.organizations]


def network_candidates(network: Network, q: str) -> list[Candidate]:
    """Other networks whose name matches `q` (accents and case ignored)."""
    words = fold(q).split()
    if not words:
        return []
    children = set(NetworkLink.objects.filter(parent=network).values_list("child_id", flat=True))
    invited = set(pending_invitations(network).values_list("child_network_id", flat=True))
    above = network_ancestor_ids(network.pk)
    found = []
    for other in Network.objects.exclude(pk=network.pk).order_by("name"):
        if all(w in fold(other.name) for w in words):
            if other.pk in children:
                state = "member"
            elif other.pk in above:
                state = "contains"
            else:
                state = "invited" if other.pk in invited else "available"
            found.append(Candidate(other, state))
    return found[:CANDIDATES_SHOWN]


# --- The roster. ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterRow:
    name: str
    legal_name: str
    rfc: str  # only a legal entity's (12 characters): a person's RFC is personal data
    kind: str
    size: str
    municipality: str
    scian: str
    scian_title: str
    verified: bool
    joined_on: date | None
    via: str  # the sub-network it belongs to; empty for a direct member


ROSTER_FIELDS = (
    "name",
    "legal_name",
    "rfc",
    "kind",
    "scian_id",
    "size",
    "municipality_id",
    "is_verified",
)


def roster(network: Network) -> list[RosterRow]:
    """Every member of the network and its sub-networks, each once, through the nearest network it is a
    direct member of (a direct membership wins), ordered by name."""
    depths = network_depths(network.pk)
    best: dict[int, tuple[int, int, date | None]] = {}  # org -> (depth, network, joined_on)
    for org_id, net_id, joined in NetworkMembership.objects.filter(network_id__in=list(depths)).values_list(
        "organization_id", "network_id", "joined_on"
    ):
        candidate = (depths[net_id], net_id, joined)
        if org_id not in best or candidate[:2] < best[org_id][:2]:
            best[org_id] = candidate
    orgs = list(Organization.objects.filter(pk__in=list(best)).values_list("pk", *ROSTER_FIELDS))
    names = dict(Network.objects.filter(pk__in={b[1] for b in best.values()}).values_list("pk", "name"))
    titles = dict(
        ScianCode.objects.filter(code__in={values[5] for values in orgs if values[5]}).values_list(
            "code", "title_es"
        )
    )
    rows = [_roster_row(values, best[values[0]], names, titles, network.pk) for values in orgs]
    return sorted(rows, key=lambda r: (fold(r.name), r.name))


_KINDS = dict(OrganizationKind.choices)
_SIZES = dict(SizeChoices.choices)


def _roster_row(
    values: tuple[Any, ...],
    membership: tuple[int, int, date | None],
    networks: dict[int, str],
    titles: dict[str, str],
    root: int,
) -> RosterRow:
    _pk, name, legal_name, rfc, kind, scian, size, municipality, verified = values
    _depth, via, joined = membership
    return RosterRow(
        name=name,
        legal_name=legal_name,
        rfc=rfc if len(rfc) == 12 else "",
        kind=str(_KINDS.get(kind, kind)),
        size=str(_SIZES.get(size, size)) if size else "",
        municipality=municipality_names().get(municipality or "", ""),
        scian=scian or "",
        scian_title=titles.get(scian or "", ""),
        verified=verified,
        joined_on=joined,
        via="" if via == root else networks.get(via, ""),
    )


# --- The person's ARCO access download (privacy.personal_data reads these). ---------------------------


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def join_requests_personal_data(user: User) -> list[dict[str, Any]]:
    """Requests to join a network that the person sent for an organisation, with their messages."""
    joins = (
        NetworkJoinRequest.objects.filter(requested_by_id=user.pk)
        .select_related("network", "organization")
        .order_by("created_at", "pk")
    )
    return [
        {
            "network": j.network.name,
            "organization": j.organization.name,
            "message": j.message,
            "status": j.status,
            "created_at": _iso(j.created_at),
            "decided_at": _iso(j.decided_at),
        }
        for j in joins
    ]


def network_invitations_personal_data(user: User) -> list[dict[str, Any]]:
    """Invitations to a network that the person sent, with their messages."""
    invitations = (
        NetworkInvitation.objects.filter(invited_by_id=user.pk)
        .select_related("network", "organization", "child_network")
        .order_by("created_at", "pk")
    )
    return [
        {
            "network": i.network.name,
            "invited": i.invitee.name,
            "message": i.message,
            "status": i.status,
            "created_at": _iso(i.created_at),
            "decided_at": _iso(i.decided_at),
        }
        for i in invitations
    ]
