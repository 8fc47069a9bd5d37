"""Every write to the directory goes through here: organisations, networks, memberships, nesting."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import phonenumbers
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from td2035.core.errors import Refusal
from td2035.directory import documents
from td2035.directory.models import (
    Certification,
    Network,
    NetworkLink,
    NetworkMembership,
    Organization,
    SizeSource,
)
from td2035.directory.queries import network_descendant_ids, organizations_in_network
from td2035.reference.company_size import company_size, size_sector_for_scian
from td2035.reference.rfc import check_rfc
from td2035.search import services as search


class DirectoryError(Refusal):
    """A write the directory refuses."""


class NetworkCycleError(DirectoryError):
    pass


def normalize_phone(value: str) -> str:
    """A Mexican (or international) phone number in E.164, or DirectoryError."""
    if not value.strip():
        return ""
    try:
        number = phonenumbers.parse(value, "MX")
    except phonenumbers.NumberParseException as exc:
        raise DirectoryError(_("El teléfono no es válido / Invalid phone number."), "phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise DirectoryError(_("El teléfono no es válido / Invalid phone number."), "phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_rfc_field(value: str) -> str:
    if not value.strip():
        return ""
    result = check_rfc(value)
    if not result.is_valid:
        raise DirectoryError(
            _("El RFC no es válido / Invalid RFC: %(error)s") % {"error": result.error}, "rfc"
        )
    return result.value


def unique_slug(name: str, model: type[Organization] | type[Network] = Organization) -> str:
    base = slugify(name)[:100] or "organizacion"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def apply_computed_size(org: Organization) -> None:
    """Set size from employees and sales when both are known (DOF 2009 rule)."""
    if org.employees is None or org.annual_sales_mxn is None:
        return
    sector = size_sector_for_scian(org.scian_id or "81")
    org.size = company_size(org.employees, Decimal(org.annual_sales_mxn), sector).size.value
    org.size_source = SizeSource.COMPUTED


@transaction.atomic
def create_organization(
    *, name: str, kind: str, certifications: Iterable[str] = (), **fields: Any
) -> Organization:
    fields["rfc"] = normalize_rfc_field(fields.get("rfc", ""))
    fields["phone"] = normalize_phone(fields.get("phone", ""))
    org = Organization(name=name.strip(), kind=kind, **fields)
    org.slug = fields.get("slug") or unique_slug(org.name)
    apply_computed_size(org)
    org.full_clean(exclude=["secondary_scian", "certifications"])
    org.save()
    set_certifications(org, certifications)
    reindex_organizations([org.pk])
    return org


@transaction.atomic
def update_organization(
    org: Organization, *, certifications: Iterable[str] | None = None, **fields: Any
) -> Organization:
    if "rfc" in fields:
        fields["rfc"] = normalize_rfc_field(fields["rfc"] or "")
    if "phone" in fields:
        fields["phone"] = normalize_phone(fields["phone"] or "")
    for name, value in fields.items():
        setattr(org, name, value)
    apply_computed_size(org)
    org.full_clean(exclude=["secondary_scian", "certifications"])
    org.save()
    if certifications is not None:
        set_certifications(org, certifications)
    reindex_organizations([org.pk])
    return org


def set_certifications(org: Organization, names: Iterable[str]) -> None:
    certs = [Certification.objects.get_or_create(name=n.strip()[:60])[0] for n in names if n.strip()]
    org.certifications.set(certs)


@transaction.atomic
def create_network(*, name: str, organization: Organization | None = None, **fields: Any) -> Network:
    network = Network(name=name.strip(), organization=organization, **fields)
    network.slug = fields.get("slug") or unique_slug(network.name, Network)
    network.full_clean()
    network.save()
    return network


@transaction.atomic
def add_member(network: Network, organization: Organization) -> NetworkMembership:
    membership, _created = NetworkMembership.objects.get_or_create(network=network, organization=organization)
    reindex_organizations([organization.pk])
    return membership


@transaction.atomic
def remove_member(network: Network, organization: Organization) -> None:
    NetworkMembership.objects.filter(network=network, organization=organization).delete()
    reindex_organizations([organization.pk])


def ensure_no_cycle(parent: Network, child: Network) -> None:
    """Raise NetworkCycleError if making `child` a member of `parent` would close a circle."""
    if parent.pk == child.pk or parent.pk in network_descendant_ids(child.pk):
        raise NetworkCycleError(
            _(
                "«%(child)s» no puede ser miembro de «%(parent)s»: ya la contiene, y las redes no pueden "
                "contenerse en círculo. / %(child)s cannot join %(parent)s: it already contains it."
            )
            % {"child": child.name, "parent": parent.name},
            "child",
        )


@transaction.atomic
def link_networks(parent: Network, child: Network) -> NetworkLink:
    """Make `child` a member network of `parent`."""
    ensure_no_cycle(parent, child)
    link, created = NetworkLink.objects.get_or_create(parent=parent, child=child)
    if created:  # the child's members now also count under the parent and above
        reindex_organizations(organizations_in_network(child, recursive=True).values_list("pk", flat=True))
    return link


def reindex_organizations(ids: Iterable[int]) -> None:
    """Push the current state of these organisations to the search index (after commit)."""
    id_list = list(ids)
    transaction.on_commit(lambda: search.index_organizations(documents.for_ids(id_list)))
