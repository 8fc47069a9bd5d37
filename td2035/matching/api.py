"""Matches in the API (read with a personal token: `Authorization: Bearer <token>`).

Who may read them (the same rule as the pages):
- `GET /listings/{id}/matches`: the members of the organisation that published the listing (ranked
  suppliers of a need are its buyer's working material; the needs an offer answers are its seller's).
  A listing the caller may not see answers 404; one it may see but did not publish, 403.
- `GET /organizations/{slug}/matches`: the members of that organisation (403 for anyone else).
No token: 401. Items come best first: `organization` (slug, name) or `listing` (id, title) with its
publisher, `score` (0-100), `explanation` (Spanish sentence) and `reasons` (structured).
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from td2035.accounts.api_auth import read_auth
from td2035.core.api_errors import answers
from td2035.core.api_fields import path_text
from td2035.directory.models import Organization
from td2035.market.queries import get_visible_listing
from td2035.matching import services

router = Router()


class MatchesOut(Schema):
    items: list[dict[str, Any]]


@router.get(
    "/listings/{listing_id}/matches",
    auth=read_auth,
    response=answers(MatchesOut, 401, 403, 404, 422, with_input=False),
    summary="Coincidencias de una publicación / matches of a listing (its publisher's members)",
)
def listing_matches(request: HttpRequest, listing_id: int) -> dict[str, Any]:
    listing = get_visible_listing(request.user, listing_id)
    services.require_listing_matches(request.user, listing)
    result = services.matches_for_listing(listing)
    items = [services.organization_item(r) for r in result.organizations]
    items += [services.listing_item(r) for r in result.needs]
    return {"items": items}


@router.get(
    "/organizations/{slug}/matches",
    auth=read_auth,
    response=answers(MatchesOut, 401, 403, 404, 422, with_input=False),
    summary="Necesidades abiertas para una organización / open needs matching an organisation (its members)",
)
def organization_matches(request: HttpRequest, slug: str = path_text()) -> dict[str, Any]:
    org = Organization.objects.filter(slug=slug[:120]).first()
    if org is None:
        raise Http404(_("No existe esa organización."))
    services.require_organization_matches(request.user, org)
    return {"items": [services.listing_item(r) for r in services.matches_for_organization(org)]}
