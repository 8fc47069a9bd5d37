"""Named actors for the inquiry tests: a plant that publishes a need and a supplier that asks about it.

Listings are written straight to the table (the market's contract fields), so these tests do not depend
on the market's forms and rules.
"""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from td2035.accounts.models import User
from td2035.directory.models import Organization
from td2035.market.models import Listing, ListingKind, ListingStatus
from td2035.tests.factories import CompanyFactory
from td2035.tests.people import admin_of, member_of


def make_listing(org: Organization, **fields: Any) -> Listing:
    values: dict[str, Any] = {
        "kind": ListingKind.NEED,
        "status": ListingStatus.PUBLISHED,
        "title": "Maquinado de 500 bridas de aluminio",
        "description": "Bridas 6061-T6 según plano, entrega mensual.",
        "scian_id": "336390",
        "municipality_id": "014",
        "published_at": timezone.now(),
    } | fields
    return Listing.objects.create(organization=org, **values)


@dataclass
class Cast:
    plant: Organization
    supplier: Organization
    outsider: Organization
    buyer: User  # member of the plant
    plant_admin: User
    seller: User  # member of the supplier
    stranger: User  # member of a third company
    need: Listing


def cast() -> Cast:
    plant = CompanyFactory.create(name="Planta Automotriz del Bajío", scian_id="336390")
    supplier = CompanyFactory.create(name="Maquinados Finos de Querétaro", scian_id="332710")
    outsider = CompanyFactory.create(name="Otra Empresa", scian_id="326199")
    return Cast(
        plant=plant,
        supplier=supplier,
        outsider=outsider,
        buyer=member_of(plant, email="compras@planta.example"),
        plant_admin=admin_of(plant, email="direccion@planta.example"),
        seller=member_of(supplier, email="ventas@maquinados.example"),
        stranger=member_of(outsider, email="alguien@otra.example"),
        need=make_listing(plant),
    )
