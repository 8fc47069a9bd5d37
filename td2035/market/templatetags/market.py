"""`{% load market %}{% organization_listings org %}`: an organisation's open listings that the viewer may
see, for its directory profile."""

from typing import Any

from django import template

from td2035.market.models import ListingStatus
from td2035.market.queries import visible_listings

register = template.Library()

LIMIT = 5


@register.inclusion_tag("market/_organization_listings.html", takes_context=True)
def organization_listings(context: dict[str, Any], organization: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"listings": [], "organization": organization, "more": False}
    listings = list(
        visible_listings(user)
        .filter(organization_id=organization.pk, status=ListingStatus.PUBLISHED)
        .select_related("organization", "municipality", "scian", "awarded_to")
        .defer("municipality__boundary", "search_text")
        .order_by("-published_at", "-pk")[: LIMIT + 1]
    )
    return {"listings": listings[:LIMIT], "organization": organization, "more": len(listings) > LIMIT}
