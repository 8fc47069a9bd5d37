"""The organisation profile's section on its open listings that the viewer may see
(directory.signals.organization_sections)."""

from typing import Any

from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string

from td2035.directory.models import Organization
from td2035.directory.signals import organization_sections
from td2035.market.models import ListingStatus
from td2035.market.queries import visible_listings

LIMIT = 5


@receiver(organization_sections)
def organization_listings(request: HttpRequest, organization: Organization, **kwargs: Any) -> str:
    listings = list(
        visible_listings(request.user)
        .filter(organization_id=organization.pk, status=ListingStatus.PUBLISHED)
        .select_related("organization", "municipality", "scian", "awarded_to")
        .defer("municipality__boundary", "search_text")
        .order_by("-published_at", "-pk")[: LIMIT + 1]
    )
    context = {"listings": listings[:LIMIT], "organization": organization, "more": len(listings) > LIMIT}
    return render_to_string("market/_organization_listings.html", context, request=request)
