"""Reads of the market shared by pages, the API and other apps (matching, inquiries, dashboard)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from td2035.accounts.models import OrganizationRole, User
from td2035.accounts.permissions import is_platform_admin
from td2035.directory.queries import network_ancestor_ids, organization_network_ids
from td2035.market.models import Listing, ListingKind, ListingStatus, Visibility

Viewer = User | AnonymousUser

LIVE = (ListingStatus.PUBLISHED, ListingStatus.CLOSED, ListingStatus.EXPIRED)


def member_organization_ids(user: Viewer) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(OrganizationRole.objects.filter(user_id=user.pk).values_list("organization_id", flat=True))


def viewer_network_ids(organization_ids: list[int]) -> set[int]:
    """Networks whose listings these organisations may see: their own and every network above them
    (a listing shown to a network is shown to its sub-networks too)."""
    found: set[int] = set()
    for organization_id in organization_ids:
        for network_id in organization_network_ids(organization_id):
            found |= {network_id, *network_ancestor_ids(network_id)}
    return found


def visible_listings(user: Viewer) -> QuerySet[Listing]:
    """Every listing this person may see: published/closed/expired public ones, those shown to a network
    their organisation belongs to, and every listing (drafts included) of their own organisations."""
    listings = Listing.objects.all()
    if is_platform_admin(user):
        return listings
    own = member_organization_ids(user)
    seen = Q(status__in=LIVE) & Q(visibility=Visibility.PUBLIC)
    networks = viewer_network_ids(own)
    if networks:
        in_networks = Listing.objects.filter(
            status__in=LIVE, visibility=Visibility.NETWORKS, networks__in=networks
        ).values("pk")
        seen |= Q(pk__in=in_networks)
    if own:
        seen |= Q(organization_id__in=own)
    return listings.filter(seen)


def get_visible_listing(user: Viewer, pk: int) -> Listing:
    """The listing if this person may see it; 404 otherwise (never reveals that it exists)."""
    listing = (
        visible_listings(user)
        .select_related("organization", "scian", "municipality", "awarded_to")
        .filter(pk=pk)
        .first()
    )
    if listing is None:
        raise Http404(_("No existe esa publicación. / No such listing."))
    return listing


def open_needs() -> QuerySet[Listing]:
    """Published, public needs (what matching ranks suppliers for and alerts about)."""
    return Listing.objects.filter(
        kind=ListingKind.NEED, status=ListingStatus.PUBLISHED, visibility=Visibility.PUBLIC
    )


def open_offers() -> QuerySet[Listing]:
    return Listing.objects.filter(
        kind=ListingKind.OFFER, status=ListingStatus.PUBLISHED, visibility=Visibility.PUBLIC
    )
