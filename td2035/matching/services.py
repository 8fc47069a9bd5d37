"""The thin layer between the market and directory data and the pure engine.

`matches_for_listing(listing)`: for a need or a collaboration call, ranked organisations (and open
offers); for an offer, ranked open needs. `matches_for_organization(org)`: open needs for an
organisation. Visibility is respected: a listing shown only to some networks is matched only with
members of those networks, and an organisation only sees needs it may see.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from td2035.accounts.actors import is_platform_admin
from td2035.accounts.models import User
from td2035.directory.models import Organization
from td2035.market.models import Listing, ListingKind, Visibility
from td2035.matching import queries
from td2035.matching.engine import (
    DEFAULT_WEIGHTS,
    Match,
    NeedSpec,
    SupplierCandidate,
    Weights,
    query_terms,
    rank_needs,
    rank_suppliers,
)
from td2035.matching.explain import explanation, reasons_json
from td2035.roles.permissions import is_org_member

TOP = 20


@dataclass
class RankedOrganization:
    organization: Organization
    match: Match

    @property
    def explanation(self) -> str:
        return explanation(self.match.reasons)


@dataclass
class RankedListing:
    listing: Listing
    match: Match

    @property
    def explanation(self) -> str:
        return explanation(self.match.reasons)


@dataclass
class ListingMatches:
    listing: Listing
    organizations: list[RankedOrganization] = field(default_factory=list)  # for a need / collaboration
    offers: list[RankedListing] = field(default_factory=list)  # open offers for a need
    needs: list[RankedListing] = field(default_factory=list)  # for an offer


SUPPLIER_KINDS = (ListingKind.NEED, ListingKind.COLLABORATION)


def listing_network_ids(listing: Listing) -> tuple[int, ...]:
    """() for a public listing; otherwise the networks it is shown to (their members may see it)."""
    if listing.visibility != Visibility.NETWORKS:
        return ()
    ids = tuple(listing.networks.values_list("pk", flat=True))
    return ids or (-1,)  # shown to no network: nobody outside the publisher


def rank_organizations_for_need(
    need: NeedSpec,
    title: str,
    *,
    exclude: frozenset[int] = frozenset(),
    network_ids: tuple[int, ...] = (),
    limit: int | None = TOP,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Match]:
    """Candidate generation through the search index, then the engine. Used by pages, API, alerts and
    the evaluation."""
    ids = queries.candidate_ids(queries.CandidateRequest(need, title, exclude, network_ids))
    stats = queries.corpus_stats(query_terms(need.text))
    return rank_suppliers(need, queries.supplier_candidates(ids), limit=limit, weights=weights, stats=stats)


def matches_for_listing(listing: Listing, *, limit: int | None = TOP) -> ListingMatches:
    result = ListingMatches(listing)
    points = queries.municipality_points()
    networks = listing_network_ids(listing)
    if listing.kind in SUPPLIER_KINDS:
        need = queries.need_spec(listing, points)
        ranked = rank_organizations_for_need(
            need,
            listing.title,
            exclude=frozenset({listing.organization_id}),
            network_ids=networks,
            limit=limit,
        )
        orgs = queries.organizations_by_id(m.id for m in ranked)
        result.organizations = [RankedOrganization(orgs[m.id], m) for m in ranked if m.id in orgs]
        if listing.kind == ListingKind.NEED:
            result.offers = _offers_for_need(need, listing, networks, points, limit)
    elif listing.kind == ListingKind.OFFER:
        supplier = _offer_as_supplier(listing, points)
        if supplier is not None:
            result.needs = _needs_for(supplier, listing.organization_id, points, limit)
    return result


def _offers_for_need(
    need: NeedSpec, listing: Listing, networks: tuple[int, ...], points: dict, limit: int | None
) -> list[RankedListing]:
    offers = list(queries.open_offer_listings(need, listing.organization_id, networks))
    if networks:  # a restricted need: only offers of organisations that may see it
        allowed = set(
            Organization.objects.filter(
                pk__in=[o.organization_id for o in offers], networks__in=_with_descendants(networks)
            ).values_list("pk", flat=True)
        )
        offers = [o for o in offers if o.organization_id in allowed]
    orgs = {c.id: c for c in queries.supplier_candidates(list({o.organization_id for o in offers}), points)}
    candidates = [
        queries.offer_candidate(o, orgs[o.organization_id]) for o in offers if o.organization_id in orgs
    ]
    by_id = {o.pk: o for o in offers}
    stats = queries.corpus_stats(query_terms(need.text))
    return [RankedListing(by_id[m.id], m) for m in rank_suppliers(need, candidates, limit=limit, stats=stats)]


def _with_descendants(network_ids: tuple[int, ...]) -> set[int]:
    from td2035.directory.queries import network_descendant_ids

    found = set(network_ids)
    for pk in network_ids:
        found |= network_descendant_ids(pk)
    return found


def _offer_as_supplier(offer: Listing, points: dict) -> SupplierCandidate | None:
    orgs = queries.supplier_candidates([offer.organization_id], points)
    return queries.offer_candidate(offer, orgs[0]) if orgs else None


def _needs_for(
    supplier: SupplierCandidate, organization_id: int, points: dict, limit: int | None
) -> list[RankedListing]:
    listings = queries.open_need_listings(organization_id)
    specs = [queries.need_spec(n, points) for n in listings]
    by_id = {n.pk: n for n in listings}
    return [RankedListing(by_id[m.id], m) for m in rank_needs(supplier, specs, limit=limit)]


def matches_for_organization(org: Organization, *, limit: int | None = TOP) -> list[RankedListing]:
    """Open needs (and collaboration calls) this organisation could answer, best first."""
    points = queries.municipality_points()
    found = queries.supplier_candidates([org.pk], points)
    if not found:
        return []
    return _needs_for(found[0], org.pk, points, limit)


# --- Who may see matches -----------------------------------------------------------------------------------


def can_see_listing_matches(user: User | AnonymousUser, listing: Listing) -> bool:
    """The ranked suppliers of a need (or needs of an offer) are the publisher's working material:
    its members (and platform staff) see them."""
    return is_platform_admin(user) or is_org_member(user, listing.organization_id)


def require_listing_matches(user: User | AnonymousUser, listing: Listing) -> None:
    if not can_see_listing_matches(user, listing):
        raise PermissionDenied(
            _("Solo las personas de la organización que publicó esto ven sus coincidencias.")
        )


def require_organization_matches(user: User | AnonymousUser, org: Organization) -> None:
    if not (is_platform_admin(user) or is_org_member(user, org.pk)):
        raise PermissionDenied(_("Solo las personas de la organización ven sus coincidencias."))


# --- Serialisation shared by the API and tests ---------------------------------------------------------------


def organization_item(ranked: RankedOrganization) -> dict[str, object]:
    org = ranked.organization
    return {
        "organization": {"slug": org.slug, "name": org.name, "is_demo": org.is_demo},
        "score": round(ranked.match.score, 1),
        "explanation": ranked.explanation,
        "reasons": reasons_json(ranked.match.reasons),
    }


def listing_item(ranked: RankedListing) -> dict[str, object]:
    listing = ranked.listing
    return {
        "listing": {"id": listing.pk, "title": listing.title, "kind": listing.kind},
        "organization": {"slug": listing.organization.slug, "name": listing.organization.name},
        "score": round(ranked.match.score, 1),
        "explanation": ranked.explanation,
        "reasons": reasons_json(ranked.match.reasons),
    }
