"""Write endpoints of the directory API: register an organisation, edit its profile, run its people.

Every operation needs `Authorization: Bearer <token>` (a write token to change anything). Each one parses
its input with a schema and makes one service call; the services decide permissions (403) and refuse bad
values (422 naming the field). The operations are added to the directory router, next to the reads of
the same paths.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict, field_validator

from td2035.accounts import invitations
from td2035.accounts.api_auth import read_auth, token_user, write_auth
from td2035.accounts.models import OrganizationRole
from td2035.directory.api import router
from td2035.directory.manage_queries import get_organization, get_organization_for_admin
from td2035.directory.models import Organization, OrganizationKind
from td2035.directory.queries import public_profile
from td2035.directory.registration import register_organization, update_profile
from td2035.directory.schemas import OrganizationDetail, OrganizationItem, item_fields
from td2035.directory.services import DirectoryError
from td2035.reference.models import ScianCode, ScianLevel
from td2035.reference.queries import municipality_names

MAX_LIST_ITEMS = 100
# Model field -> the name the API uses for it (in 422 answers).
_PUBLIC_NAMES = {"municipality_id": "municipality", "scian_id": "scian"}
_TEXT_FIELDS = (
    "legal_name",
    "rfc",
    "address",
    "postal_code",
    "phone",
    "email",
    "website",
    "description_es",
    "description_en",
)


@contextmanager
def refusals() -> Iterator[None]:
    """A service's refusal (bad value) becomes a 422 that names the field, like schema errors."""
    try:
        yield
    except (DirectoryError, invitations.InvitationError) as exc:
        field = _PUBLIC_NAMES.get(exc.field, exc.field) or "body"
        raise ValidationError([{"loc": ("body", "payload", field), "msg": str(exc)}]) from exc


# --- Input. ------------------------------------------------------------------------------------------


class ProfileIn(Schema):
    """The profile fields that both registration and editing accept (all optional)."""

    model_config = ConfigDict(extra="forbid")

    legal_name: str | None = Field(None, max_length=255)
    rfc: str | None = Field(None, max_length=20, description="RFC, validado / checked")
    address: str | None = Field(None, max_length=300)
    postal_code: str | None = Field(None, pattern=r"^(\d{5})?$")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    website: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=5000, description="= description_es")
    description_es: str | None = Field(None, max_length=5000)
    description_en: str | None = Field(None, max_length=5000)
    products: list[str] | None = Field(None, max_length=MAX_LIST_ITEMS)
    capabilities: list[str] | None = Field(None, max_length=MAX_LIST_ITEMS)
    certifications: list[str] | None = Field(
        None, max_length=MAX_LIST_ITEMS, description='Nombres, e.g. ["ISO 9001", "IATF 16949"]'
    )
    year_founded: int | None = Field(None, ge=1800, le=2100)
    employees: int | None = Field(None, ge=0, le=10_000_000)
    annual_sales_mxn: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)

    @field_validator("year_founded")
    @classmethod
    def not_in_the_future(cls, value: int | None) -> int | None:
        if value is not None and value > date.today().year:
            raise ValueError("year_founded is in the future / año en el futuro")
        return value

    @field_validator("products", "capabilities", "certifications")
    @classmethod
    def short_items(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and any(len(item) > 300 for item in value):
            raise ValueError("items of at most 300 characters / elementos de hasta 300 caracteres")
        return value

    def model_fields_to_write(self) -> tuple[dict[str, Any], list[str] | None]:
        """The fields the client sent, as the registration services name them, and the certifications
        (None: leave them as they are)."""
        sent = self.model_dump(exclude_unset=True)
        certifications = sent.pop("certifications", None)
        if "description" in sent:
            description = sent.pop("description")
            if "description_es" in sent and sent["description_es"] != description:
                raise ValidationError(
                    [{"loc": ("body", "payload", "description"), "msg": "send description or description_es"}]
                )
            sent["description_es"] = description
        for name in ("products", "capabilities"):
            if name in sent:
                sent[name] = "\n".join(" ".join(item.split()) for item in sent[name] or [])
        for name in _TEXT_FIELDS:
            if name in sent and sent[name] is None:
                sent[name] = ""
        if "municipality" in sent:
            sent["municipality_id"] = sent.pop("municipality")
        if "scian" in sent:
            sent["scian_id"] = sent.pop("scian")
        if "kind" in sent:
            sent["kind"] = OrganizationKind(sent["kind"]).value
        return sent, certifications


def _known_municipality(value: str | None) -> str | None:
    if value is not None and value not in municipality_names():
        raise ValueError(f"unknown municipality {value!r}: a cve_mun from 001 to 018 / municipio desconocido")
    return value


def _scian_class(value: str | None) -> str | None:
    if value is not None and not ScianCode.objects.filter(code=value, level=ScianLevel.CLASE).exists():
        raise ValueError(f"{value!r} is not a SCIAN 2018 class (6 digits) / no es una clase SCIAN")
    return value


class OrganizationCreateIn(ProfileIn):
    name: str = Field(min_length=1, max_length=255)
    kind: OrganizationKind = Field(description="company, chamber, cluster, university, government…")
    municipality: str = Field(description='Clave de municipio (cve_mun), e.g. "014"')
    scian: str = Field(description='Clase SCIAN 2018, e.g. "336390"')

    _municipality = field_validator("municipality")(_known_municipality)
    _scian = field_validator("scian")(_scian_class)


class OrganizationPatchIn(ProfileIn):
    name: str | None = Field(None, min_length=1, max_length=255)
    kind: OrganizationKind | None = None
    municipality: str | None = None
    scian: str | None = None

    _municipality = field_validator("municipality")(_known_municipality)
    _scian = field_validator("scian")(_scian_class)

    @field_validator("name", "kind", "municipality", "scian", mode="before")
    @classmethod
    def required_if_sent(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may not be null / no puede quedar vacío")
        return value


class InvitationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254)
    role: OrganizationRole.Role = OrganizationRole.Role.MEMBER


class RoleIn(Schema):
    model_config = ConfigDict(extra="forbid")

    role: OrganizationRole.Role


# --- Output. -----------------------------------------------------------------------------------------


class MyOrganization(Schema):
    role: str
    organization: OrganizationItem


class PersonOut(Schema):
    email: str
    full_name: str
    role: str


class InvitationOut(Schema):
    email: str
    role: str
    expires_at: datetime


def _detail(slug: str) -> OrganizationDetail:
    org = public_profile(slug)
    assert org is not None
    return OrganizationDetail.of(org)


def _person_role(org: Organization, email: str) -> OrganizationRole:
    role = invitations.organization_people(org).filter(user__email__iexact=email.strip()).first()
    if role is None:
        raise Http404(f"{email!r} does not belong to {org.slug!r} / no forma parte de la organización")
    return role


# --- Organisations. ----------------------------------------------------------------------------------


@router.post(
    "/organizations",
    auth=write_auth,
    response={201: OrganizationDetail},
    summary="Registrar una organización / register an organisation (write token)",
)
def organization_create(
    request: HttpRequest, payload: OrganizationCreateIn, response: HttpResponse
) -> tuple[int, OrganizationDetail]:
    """Creates an unverified organisation with the token's owner as its admin."""
    fields, certifications = payload.model_fields_to_write()
    with refusals():
        org = register_organization(
            token_user(request), certifications=certifications or (), request=request, **fields
        )
    response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{org.slug}")
    return 201, _detail(org.slug)


@router.patch(
    "/organizations/{slug}",
    auth=write_auth,
    response=OrganizationDetail,
    summary="Editar el perfil / edit the profile (its admins, write token)",
)
def organization_update(request: HttpRequest, slug: str, payload: OrganizationPatchIn) -> OrganizationDetail:
    org = get_organization_for_admin(token_user(request), slug)
    fields, certifications = payload.model_fields_to_write()
    with refusals():
        update_profile(token_user(request), org, certifications=certifications, request=request, **fields)
    return _detail(org.slug)


# --- People in organisations. ------------------------------------------------------------------------


@router.get(
    "/me/organizations",
    auth=read_auth,
    response=list[MyOrganization],
    summary="Mis organizaciones / organisations I belong to (token)",
)
def my_organizations(request: HttpRequest) -> list[MyOrganization]:
    roles = invitations.roles_of(token_user(request)).select_related(
        "organization__scian", "organization__municipality"
    )
    roles = roles.defer("organization__municipality__boundary")
    return [
        MyOrganization(role=r.role, organization=OrganizationItem(**item_fields(r.organization)))
        for r in roles
    ]


@router.get(
    "/organizations/{slug}/people",
    auth=read_auth,
    response=list[PersonOut],
    summary="Personas de la organización / its people (its admins)",
)
def organization_people(request: HttpRequest, slug: str) -> list[PersonOut]:
    org = get_organization_for_admin(token_user(request), slug)
    return [
        PersonOut(email=r.user.email, full_name=r.user.full_name, role=r.role)
        for r in invitations.organization_people(org)
    ]


@router.post(
    "/organizations/{slug}/invitations",
    auth=write_auth,
    response={201: InvitationOut},
    summary="Invitar por correo / invite a colleague by e-mail (its admins)",
)
def organization_invite(request: HttpRequest, slug: str, payload: InvitationIn) -> tuple[int, InvitationOut]:
    org = get_organization_for_admin(token_user(request), slug)
    with refusals():
        invitation, _token = invitations.invite_colleague(
            token_user(request), org, payload.email, payload.role, request=request
        )
    return 201, InvitationOut(email=invitation.email, role=invitation.role, expires_at=invitation.expires_at)


@router.patch(
    "/organizations/{slug}/people/{email}",
    auth=write_auth,
    response=PersonOut,
    summary="Cambiar el rol / change a person's role (its admins)",
)
def organization_person_role(request: HttpRequest, slug: str, email: str, payload: RoleIn) -> PersonOut:
    org = get_organization_for_admin(token_user(request), slug)
    with refusals():
        role = invitations.change_role(
            token_user(request), org, _person_role(org, email).user, payload.role, request=request
        )
    return PersonOut(email=role.user.email, full_name=role.user.full_name, role=role.role)


@router.delete(
    "/organizations/{slug}/people/{email}",
    auth=write_auth,
    response={204: None},
    summary="Quitar a una persona / remove a person (its admins; anyone may leave)",
)
def organization_person_remove(request: HttpRequest, slug: str, email: str) -> tuple[int, None]:
    actor = token_user(request)
    leaving = email.strip().lower() == actor.email.lower()
    org = get_organization(slug) if leaving else get_organization_for_admin(actor, slug)
    with refusals():
        invitations.remove_person(actor, org, _person_role(org, email).user_id, request=request)
    return 204, None
