"""Market API: `/api/v1/listings` (list, detail, create, edit, close). Thin over market.queries and
market.services, like the pages.

Reads are public (a bearer token also shows what its owner's organisations may see: drafts, listings
for their networks). Writes need a write token; the services decide permissions (403) and refuse bad
values (422 naming the field).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict

from td2035.accounts.api_auth import request_token, token_user, write_auth
from td2035.accounts.models import User
from td2035.core.api_errors import answers
from td2035.core.api_fields import (
    MAX_YEAR,
    MIN_YEAR,
    Amount,
    BoundedDate,
    BoundedDateTime,
    LeadTimeDays,
    Line,
    MunicipalityCode,
    NetworkRef,
    Positions,
    PositiveAmount,
    ScianClass,
    ScianSector,
    Slug,
    StrictBool,
    omittable,
    text,
)
from td2035.core.http import absolute_url
from td2035.directory.models import Organization, SizeChoices
from td2035.market import queries, services, validation
from td2035.market.models import CollaborationType, JobType, Listing, ListingKind, ListingStatus, Visibility

router = Router()

MAX_LIST_ITEMS = 50
MAX_FILTER_VALUES = 40  # per multi-valued filter, as queries.parse_filters reads them


@contextmanager
def refusals() -> Iterator[None]:
    """A service's refusals become a 422 naming each field."""
    try:
        yield
    except DjangoValidationError as exc:
        raise ValidationError(
            [
                {"loc": ("body", "payload", field), "msg": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        ) from exc


def _viewer(request: HttpRequest) -> User | AnonymousUser:
    """The token's owner when a valid bearer token came; anonymous otherwise."""
    check = request_token(request)
    if check is not None and check.ok and check.token is not None:
        return check.token.user
    return AnonymousUser()


# --- Output. -----------------------------------------------------------------------------------------


class Publisher(Schema):
    slug: str
    name: str
    size: str
    is_verified: bool


class ListingOut(Schema):
    id: int
    url: str
    organization: Publisher
    kind: str
    status: str
    title: str
    description: str
    scian: str | None
    scian_title: str | None
    municipality: str | None
    municipality_name: str | None
    capabilities: list[str]
    certifications: list[str]
    visibility: str
    quantity: Decimal | None = None
    unit: str = ""
    deadline: date | None = None
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    min_order: str = ""
    lead_time_days: int | None = None
    service_area: list[str] = []
    collaboration_type: str = ""
    partner_profile: str = ""
    job_type: str = ""
    positions: int | None = None
    awarded_to: str | None = None
    published_at: datetime | None
    closes_at: datetime | None
    closed_at: datetime | None
    is_demo: bool

    @classmethod
    def of(cls, listing: Listing, *, detail: bool = False) -> "ListingOut":
        org = listing.organization
        return cls(
            id=listing.pk,
            url=reverse("market:listing", args=[listing.pk]),
            organization=Publisher(slug=org.slug, name=org.name, size=org.size, is_verified=org.is_verified),
            kind=listing.kind,
            status=listing.status,
            title=listing.title,
            description=listing.description,
            scian=listing.scian_id,
            scian_title=listing.scian.title_es if listing.scian else None,
            municipality=listing.municipality_id,
            municipality_name=listing.municipality.name if listing.municipality else None,
            capabilities=[line for line in listing.capabilities.splitlines() if line.strip()],
            certifications=list(listing.certifications or []),
            visibility=listing.visibility,
            quantity=listing.quantity,
            unit=listing.unit,
            deadline=listing.deadline,
            budget_min=listing.budget_min,
            budget_max=listing.budget_max,
            min_order=listing.min_order,
            lead_time_days=listing.lead_time_days,
            service_area=[m.cve_mun for m in listing.service_area.all()] if detail else [],
            collaboration_type=listing.collaboration_type,
            partner_profile=listing.partner_profile,
            job_type=listing.job_type,
            positions=listing.positions,
            awarded_to=listing.awarded_to.slug if listing.awarded_to else None,
            published_at=listing.published_at,
            closes_at=listing.closes_at,
            closed_at=listing.closed_at,
            is_demo=listing.is_demo,
        )


class ListingList(Schema):
    count: int
    page: int
    page_size: int
    items: list[ListingOut]
    facets: dict[str, dict[str, int]] | None = None


# --- Input. ------------------------------------------------------------------------------------------


class ListingFieldsIn(Schema):
    """The fields of a listing; those of another kind than the listing's are ignored. A field left out is
    left as it is; text fields, title and description aside, take "" (or null) to clear them."""

    model_config = ConfigDict(extra="forbid")

    title: str = text(validation.MAX_TITLE, None, required=True)
    description: str = text(validation.MAX_DESCRIPTION, None, required=True)
    scian: ScianClass | None = None
    municipality: MunicipalityCode | None = None
    capabilities: list[Line] | None = Field(
        None, max_length=MAX_LIST_ITEMS, description=f"En total ≤ {validation.MAX_SHORT_TEXT} caracteres"
    )
    certifications: list[Annotated[str, text(60)]] | None = Field(
        None,
        max_length=validation.MAX_CERTIFICATIONS,
        description='Conocidas / known ones, e.g. ["IATF 16949"]',
    )
    visibility: Visibility = omittable(description="public o networks (con / with networks)")
    networks: list[NetworkRef] | None = Field(
        None, max_length=validation.MAX_NETWORKS, description="slugs (o ids) de redes / network slugs"
    )
    closes_at: BoundedDateTime | BoundedDate | None = Field(
        None, description=f"Futura, años {MIN_YEAR}–{MAX_YEAR} / in the future"
    )
    quantity: PositiveAmount | None = None
    unit: str | None = text(40, None)
    deadline: BoundedDate | None = Field(
        None, description=f"Futura, años {MIN_YEAR}–{MAX_YEAR} / in the future"
    )
    budget_min: Amount | None = None
    budget_max: Amount | None = Field(None, description="≥ budget_min")
    min_order: str | None = text(100, None)
    lead_time_days: LeadTimeDays | None = None
    service_area: list[MunicipalityCode] | None = Field(None, max_length=20)
    collaboration_type: CollaborationType | Literal[""] | None = None
    partner_profile: str | None = text(validation.MAX_SHORT_TEXT, None)
    job_type: JobType | Literal[""] | None = None
    positions: Positions | None = None

    def service_fields(self) -> dict[str, Any]:
        sent = self.model_dump(exclude_unset=True, exclude={"organization", "status"})
        if "capabilities" in sent:
            sent["capabilities"] = "\n".join(
                " ".join(str(item).split()) for item in sent["capabilities"] or []
            )
        for name in ("title", "description", "unit", "min_order", "partner_profile", "collaboration_type"):
            if name in sent and sent[name] is None:
                sent[name] = ""
        if "job_type" in sent and sent["job_type"] is None:
            sent["job_type"] = ""
        return sent


class ListingCreateIn(ListingFieldsIn):
    organization: Slug = Field(description="slug de la organización que publica")
    kind: ListingKind
    title: str = text(validation.MAX_TITLE, required=True)
    description: str = text(validation.MAX_DESCRIPTION, required=True)
    status: Literal["draft", "published"] = "published"


class ListingPatchIn(ListingFieldsIn):
    publish: StrictBool = Field(False, description="publicar un borrador / publish a draft")


class CloseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    awarded_to: Slug | None = Field(None, description="slug del proveedor elegido (necesidades)")


class ListingFiltersIn(Schema):
    """The filters of the /mercado/ page. Multi-valued ones are repeated: ?kind=need&kind=offer."""

    q: str = Field("", max_length=500, description="Texto libre / free text")
    kind: list[ListingKind] = Field([], max_length=MAX_FILTER_VALUES)
    sector: list[ScianSector] = Field([], max_length=MAX_FILTER_VALUES, description="Sector SCIAN")
    municipality: list[MunicipalityCode] = Field([], max_length=MAX_FILTER_VALUES)
    certification: list[Annotated[str, text(60)]] = Field([], max_length=MAX_FILTER_VALUES)
    size: list[SizeChoices] = Field([], max_length=MAX_FILTER_VALUES, description="Tamaño del publicador")
    deadline: list[Literal["week", "month", "later", "none"]] = Field([], max_length=MAX_FILTER_VALUES)
    status: Literal["published", "closed", "expired"] = "published"
    organization: str = Field(
        "", max_length=120, pattern=r"^[-a-zA-Z0-9_]*$", description="slug del publicador"
    )
    sort: Literal["relevance", "newest", "deadline"] | None = None
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=queries.MAX_PAGE_SIZE)
    facets: bool = Field(False, description="Incluir conteos / include facet counts")


# --- Endpoints. --------------------------------------------------------------------------------------


def _detail(listing_id: int, viewer: User | AnonymousUser) -> ListingOut:
    listing = queries.get_visible_listing(viewer, listing_id)
    return ListingOut.of(listing, detail=True)


@router.get(
    "/listings",
    response=answers(ListingList),
    summary="Buscar publicaciones / search listings",
    description="Filtros como la página /mercado/ / same filters as the page. "
    "Los filtros de varios valores se repiten / repeat multi-valued filters: ?kind=need&kind=offer.",
)
def listing_list(request: HttpRequest, params: Query[ListingFiltersIn]) -> ListingList:
    filters = queries.parse_filters(request.GET)
    with_facets = params.facets
    page = queries.search_listings(_viewer(request), filters, with_facets=with_facets)
    return ListingList(
        count=page.total,
        page=filters.page,
        page_size=filters.page_size,
        items=[ListingOut.of(listing) for listing in page.listings],
        facets=page.facets if with_facets else None,
    )


@router.get(
    "/listings/{listing_id}",
    response=answers(ListingOut, 404, 422, with_input=False),
    summary="Una publicación / one listing",
)
def listing_detail(request: HttpRequest, listing_id: int) -> ListingOut:
    return _detail(listing_id, _viewer(request))


@router.post(
    "/listings",
    auth=write_auth,
    response=answers({201: ListingOut}, 401, 403),
    summary="Publicar / create a listing (members of the organisation, write token)",
)
def listing_create(
    request: HttpRequest, payload: ListingCreateIn, response: HttpResponse
) -> tuple[int, ListingOut]:
    actor = token_user(request)
    organization = Organization.objects.filter(slug=payload.organization).first()
    if organization is None:
        raise ValidationError(
            [
                {
                    "loc": ("body", "payload", "organization"),
                    "msg": "Organización desconocida. / Unknown organisation.",
                }
            ]
        )
    services.require_member(actor, organization.pk)  # 403 for someone else's organisation
    fields = payload.service_fields()
    fields["kind"] = payload.kind.value
    with refusals():
        listing = services.create_listing(
            actor, organization, publish=payload.status == ListingStatus.PUBLISHED, request=request, **fields
        )
    response["Location"] = absolute_url(f"{request.path.rstrip('/')}/{listing.pk}", request)
    return 201, _detail(listing.pk, actor)


def _writable(actor: User, listing_id: int) -> Listing:
    """404 when the actor may not even see it; 403 (from the service) when it is another organisation's."""
    return queries.get_visible_listing(actor, listing_id)


@router.patch(
    "/listings/{listing_id}",
    auth=write_auth,
    response=answers(ListingOut, 401, 403, 404),
    summary="Editar / edit a listing (members of its organisation, write token)",
)
def listing_update(request: HttpRequest, listing_id: int, payload: ListingPatchIn) -> ListingOut:
    actor = token_user(request)
    listing = _writable(actor, listing_id)
    services.require_member(actor, listing.organization_id)
    fields = payload.service_fields()
    fields.pop("publish", None)
    with refusals():
        if fields:
            listing = services.update_listing(actor, listing, request=request, **fields)
        if payload.publish and listing.status == ListingStatus.DRAFT:
            services.publish_listing(actor, listing, request=request)
    return _detail(listing.pk, actor)


@router.post(
    "/listings/{listing_id}/close",
    auth=write_auth,
    response=answers(ListingOut, 401, 403, 404),
    summary="Cerrar / close a listing, optionally awarded to a supplier (write token)",
)
def listing_close(request: HttpRequest, listing_id: int, payload: CloseIn) -> ListingOut:
    actor = token_user(request)
    listing = _writable(actor, listing_id)
    services.require_member(actor, listing.organization_id)
    supplier = None
    if payload.awarded_to:
        supplier = Organization.objects.filter(slug=payload.awarded_to).first()
        if supplier is None:
            raise ValidationError(
                [
                    {
                        "loc": ("body", "payload", "awarded_to"),
                        "msg": "Organización desconocida. / Unknown organisation.",
                    }
                ]
            )
    with refusals():
        services.close_listing(actor, listing, awarded_to=supplier, request=request)
    return _detail(listing.pk, actor)
