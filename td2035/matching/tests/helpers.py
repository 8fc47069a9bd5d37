"""A small supply chain for the matching tests: a car-parts plant and its possible suppliers."""

from dataclasses import dataclass
from typing import Any

from td2035.accounts.models import User
from td2035.directory.models import Network, Organization
from td2035.market.models import Listing
from td2035.market.services import create_listing
from td2035.tests.factories import CertificationFactory, CompanyFactory, NetworkFactory
from td2035.tests.people import admin_of, member_of


@dataclass
class Chain:
    plant: Organization
    plastics: Organization  # same class, IATF 16949, near
    plastics_far: Organization  # same class, no certification, far away
    accountant: Organization  # unrelated
    buyer: User
    supplier_admin: User
    supplier_member: User
    network: Network


def build_chain() -> Chain:
    for name in ("IATF 16949", "ISO 9001"):
        CertificationFactory.create(name=name)
    plant = CompanyFactory.create(
        name="Autopartes Bajío Planta",
        scian_id="336390",
        municipality_id="011",
        description_es="Planta de autopartes: ensamble de arneses y tableros.",
    )
    plastics = CompanyFactory.create(
        name="Inyectora Querétaro",
        scian_id="326199",
        municipality_id="011",
        description_es="Inyección de plásticos técnicos: carcasas y clips para autopartes.",
        products="Carcasas de plástico\nClips",
        certifications=["IATF 16949"],
    )
    plastics_far = CompanyFactory.create(
        name="Plásticos Serranos",
        scian_id="326199",
        municipality_id="009",
        description_es="Piezas de plástico inyectado.",
    )
    accountant = CompanyFactory.create(
        name="Contadores Asociados",
        scian_id="541211",
        municipality_id="014",
        description_es="Contabilidad y nómina para empresas.",
    )
    network = NetworkFactory.create(name="Clúster Automotriz de Prueba", members=[plant, plastics])
    return Chain(
        plant=plant,
        plastics=plastics,
        plastics_far=plastics_far,
        accountant=accountant,
        buyer=member_of(plant, email="compras@planta.example"),
        supplier_admin=admin_of(plastics, email="direccion@inyectora.example"),
        supplier_member=member_of(plastics, email="ventas@inyectora.example"),
        network=network,
    )


def need(chain: Chain, *, publish: bool = True, **overrides: Any) -> Listing:
    fields: dict[str, Any] = {
        "kind": "need",
        "title": "Carcasas de plástico inyectado",
        "description": "Carcasas de plástico inyectado para arneses, 10 000 piezas al mes.",
        "scian": "326199",
        "municipality": "011",
        "certifications": ["IATF 16949"],
        "quantity": 10000,
        "unit": "piezas",
    }
    fields.update(overrides)
    return create_listing(chain.buyer, chain.plant, publish=publish, **fields)
