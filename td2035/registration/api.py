"""Write endpoints of the directory API: register an organisation, edit its profile, run its people.

Every operation needs `Authorization: Bearer <token>` (a write token to change anything). Each one parses
its input with a schema and makes one service call; the services decide permissions (403) and refuse bad
values (422 naming the field). The operations are added to the directory router, next to the reads of
the same paths.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict, field_validator

from td2035.accounts.api_auth import read_auth, token_user, write_auth
from td2035.core.api_errors import answers
from td2035.core.api_fields import (
    Amount,
    Employees,
    Latitude,
    Line,
    Longitude,
    MunicipalityCode,
    ScianClass,
    Year,
    omittable,
    path_text,
    text,
)
from td2035.core.errors import Refusal
from td2035.core.http import absolute_url
from td2035.directory.api import router
from td2035.directory.models import Organization, OrganizationKind
from td2035.directory.queries import public_profile
from td2035.directory.schemas import OrganizationDetail, OrganizationItem, item_fields
from td2035.reference.models import ScianCode, ScianLevel
from td2035.reference.queries import municipality_names
from td2035.registration import invitations
from td2035.registration.organizations import MAX_CERTIFICATIONS, register_organization, update_profile
from td2035.registration.queries import get_organization, get_organization_for_admin
from td2035.roles.models import OrganizationRole

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

# The ids clients generated from the OpenAPI document call these operations by. django-ninja derives
# them from the module, which was directory/api_write.py: they are kept, so that the move to this app
# renames no client method (td2035/tests/test_openapi_contract.py pins every id).
OPERATION_IDS = {
    name: f"td2035_directory_api_write_{name}"
    for name in (
        "organization_create",
        "organization_update",
        "my_organizations",
        "organization_people",
        "organization_invite",
        "organization_person_role",
        "organization_person_remove",
    )
}


@contextmanager
def refusals() -> Iterator[None]:
    """A service's refusal (bad value) becomes a 422 that names the field, like schema errors."""
    try:
        yield
    except Refusal as exc:  # DirectoryError, InvitationError
        field = _PUBLIC_NAMES.get(exc.field, exc.field) or "body"
        raise ValidationError([{"loc": ("body", "payload", field), "msg": str(exc)}]) from exc


# --- Input. ------------------------------------------------------------------------------------------


class ProfileIn(Schema):
    """The profile fields that both registration and editing accept (all optional)."""

    model_config = ConfigDict(extra="forbid")

    legal_name: str | None = text(255, None)
    rfc: str | None = text(20, None, description="RFC, validado / checked")
    address: str | None = text(300, None)
    postal_code: str | None = Field(None, pattern=r"^(\d{5})?$")
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    phone: str | None = text(40, None)
    email: str | None = text(254, None)
    website: str | None = text(200, None)
    description: str | None = text(5000, None, description="= description_es")
    description_es: str | None = text(5000, None)
    description_en: str | None = text(5000, None)
    products: list[Line] | None = Field(None, max_length=MAX_LIST_ITEMS)
    capabilities: list[Line] | None = Field(None, max_length=MAX_LIST_ITEMS)
    certifications: list[Annotated[str, text(60)]] | None = Field(
        None, max_length=MAX_CERTIFICATIONS, description='Nombres, e.g. ["ISO 9001", "IATF 16949"]'
    )
    year_founded: Year | None = None
    employees: Employees | None = None
    annual_sales_mxn: Amount | None = None

    @field_validator("year_founded")
    @classmethod
    def not_in_the_future(cls, value: int | None) -> int | None:
        if value is not None and value > date.today().year:
            raise ValueError("El año está en el futuro. / year_founded is in the future.")
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
                    [
                        {
                            "loc": ("body", "payload", "description"),
                            "msg": "Envía description o description_es. / Send description or description_es.",
                        }
                    ]
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
        raise ValueError(
            f"Municipio desconocido {value!r} (clave 001 a 018). / Unknown municipality {value!r} (001 to 018)."
        )
    return value


def _scian_class(value: str | None) -> str | None:
    if value is not None and not ScianCode.objects.filter(code=value, level=ScianLevel.CLASE).exists():
        raise ValueError(
            f"{value!r} no es una clase SCIAN 2018. / {value!r} is not a SCIAN 2018 class (6 digits)."
        )
    return value


class OrganizationCreateIn(ProfileIn):
    name: str = text(255, required=True)
    kind: OrganizationKind = Field(description="company, chamber, cluster, university, government…")
    municipality: MunicipalityCode
    scian: ScianClass

    _municipality = field_validator("municipality")(_known_municipality)
    _scian = field_validator("scian")(_scian_class)


class OrganizationPatchIn(ProfileIn):
    """Only the fields sent change; name, kind, municipality and scian may be left out, never null."""

    name: str = text(255, None, required=True)
    kind: OrganizationKind = omittable()
    municipality: MunicipalityCode = omittable()
    scian: ScianClass = omittable()

    _municipality = field_validator("municipality")(_known_municipality)
    _scian = field_validator("scian")(_scian_class)

    @field_validator("name", "kind", "municipality", "scian", mode="before")
    @classmethod
    def required_if_sent(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("No puede quedar vacío. / May not be null.")
        return value


class InvitationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    email: str = text(254, required=True, description="Correo de la persona / the person's e-mail")
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
        raise Http404(f"No forma parte de la organización. / {email!r} does not belong to {org.slug!r}.")
    return role


# --- Organisations. ----------------------------------------------------------------------------------


@router.post(
    "/organizations",
    operation_id=OPERATION_IDS["organization_create"],
    auth=write_auth,
    response=answers({201: OrganizationDetail}, 401, 403),
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
    response["Location"] = absolute_url(f"{request.path.rstrip('/')}/{org.slug}", request)
    return 201, _detail(org.slug)


@router.patch(
    "/organizations/{slug}",
    operation_id=OPERATION_IDS["organization_update"],
    auth=write_auth,
    response=answers(OrganizationDetail, 401, 403, 404),
    summary="Editar el perfil / edit the profile (its admins, write token)",
)
def organization_update(
    request: HttpRequest, payload: OrganizationPatchIn, slug: str = path_text()
) -> OrganizationDetail:
    org = get_organization_for_admin(token_user(request), slug)
    fields, certifications = payload.model_fields_to_write()
    with refusals():
        update_profile(token_user(request), org, certifications=certifications, request=request, **fields)
    return _detail(org.slug)


# --- People in organisations. ------------------------------------------------------------------------


@router.get(
    "/me/organizations",
    operation_id=OPERATION_IDS["my_organizations"],
    auth=read_auth,
    response=answers(list[MyOrganization], 401, with_input=False),
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
    operation_id=OPERATION_IDS["organization_people"],
    auth=read_auth,
    response=answers(list[PersonOut], 401, 403, 404, 422, with_input=False),
    summary="Personas de la organización / its people (its admins)",
)
def organization_people(request: HttpRequest, slug: str = path_text()) -> list[PersonOut]:
    org = get_organization_for_admin(token_user(request), slug)
    return [
        PersonOut(email=r.user.email, full_name=r.user.full_name, role=r.role)
        for r in invitations.organization_people(org)
    ]


@router.post(
    "/organizations/{slug}/invitations",
    operation_id=OPERATION_IDS["organization_invite"],
    auth=write_auth,
    response=answers({201: InvitationOut}, 401, 403, 404),
    summary="Invitar por correo / invite a colleague by e-mail (its admins)",
)
def organization_invite(
    request: HttpRequest, payload: InvitationIn, slug: str = path_text()
) -> tuple[int, InvitationOut]:
    org = get_organization_for_admin(token_user(request), slug)
    with refusals():
        invitation, _token = invitations.invite_colleague(
            token_user(request), org, payload.email, payload.role, request=request
        )
    return 201, InvitationOut(email=invitation.email, role=invitation.role, expires_at=invitation.expires_at)


@router.patch(
    "/organizations/{slug}/people/{email}",
    operation_id=OPERATION_IDS["organization_person_role"],
    auth=write_auth,
    response=answers(PersonOut, 401, 403, 404),
    summary="Cambiar el rol / change a person's role (its admins)",
)
def organization_person_role(
    request: HttpRequest, payload: RoleIn, slug: str = path_text(), email: str = path_text()
) -> PersonOut:
    org = get_organization_for_admin(token_user(request), slug)
    with refusals():
        role = invitations.change_role(
            token_user(request), org, _person_role(org, email).user, payload.role, request=request
        )
    return PersonOut(email=role.user.email, full_name=role.user.full_name, role=role.role)


@router.delete(
    "/organizations/{slug}/people/{email}",
    operation_id=OPERATION_IDS["organization_person_remove"],
    auth=write_auth,
    response=answers({204: None}, 401, 403, 404, 422, with_input=False),
    summary="Quitar a una persona / remove a person (its admins; anyone may leave)",
)
def organization_person_remove(
    request: HttpRequest, slug: str = path_text(), email: str = path_text()
) -> tuple[int, None]:
    actor = token_user(request)
    leaving = email.strip().lower() == actor.email.lower()
    org = get_organization(slug) if leaving else get_organization_for_admin(actor, slug)
    with refusals():
        invitations.remove_person(actor, org, _person_role(org, email).user_id, request=request)
    return 204, None
