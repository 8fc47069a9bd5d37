"""A small, realistic Querétaro ecosystem for the browser journeys, written through the directory services.

Built once for all journeys (they only read) and removed afterwards.
"""

from dataclasses import dataclass, field

from td2035.directory import services
from td2035.directory.models import Certification, Network, Organization
from td2035.search import services as search

# More "Plásticos ..." companies than one results page holds (20), so pagination has a second page.
# (cve_mun, name, latitude, longitude) of the industrial parks the companies sit in.
PLASTICS_TOWNS = [
    ("014", "Querétaro", 20.6740, -100.3900),
    ("016", "San Juan del Río", 20.3880, -99.9960),
    ("011", "El Marqués", 20.6300, -100.2700),
]
PLASTICS_COUNT = 24
PLASTICS_CLASSES = ["326192", "326199", "326110", "326160"]
PLASTICS_SUFFIXES = [
    "del Bajío",
    "Inyectados",
    "Técnicos",
    "y Moldes",
    "Industriales",
    "de Precisión",
    "Automotrices",
    "Reforzados",
]


@dataclass
class Ecosystem:
    organizations: list[Organization] = field(default_factory=list)  # everything created, to remove it
    plastics: list[Organization] = field(default_factory=list)
    profile: Organization | None = None  # a plastics company with known networks
    software: Organization | None = None
    coordination: Network | None = None
    cluster: Network | None = None  # member network of the coordination
    chamber: Network | None = None

    def plastics_in(self, cve_mun: str) -> list[Organization]:
        return [o for o in self.plastics if o.municipality_id == cve_mun]


def plastics_name(i: int) -> str:
    return f"Plásticos {PLASTICS_SUFFIXES[i % len(PLASTICS_SUFFIXES)]} {chr(ord('A') + i)}"


def build_ecosystem() -> Ecosystem:
    # Transactional tests flush Django's tables, not the search index's own tables.
    search.clear_index()
    eco = Ecosystem()
    for i in range(PLASTICS_COUNT):
        cve, town, lat, lon = PLASTICS_TOWNS[i % len(PLASTICS_TOWNS)]
        eco.plastics.append(
            services.create_organization(
                name=plastics_name(i),
                legal_name=f"{plastics_name(i)} S.A. de C.V.",
                kind="company",
                scian_id=PLASTICS_CLASSES[i % len(PLASTICS_CLASSES)],
                municipality_id=cve,
                latitude=round(lat + (i % 5) * 0.004, 5),
                longitude=round(lon - (i % 7) * 0.004, 5),
                employees=12 + i * 9,
                annual_sales_mxn=8_000_000 + i * 3_500_000,
                description_es=f"Moldeo por inyección de piezas de plástico para la industria automotriz en {town}.",
                description_en=f"Plastic injection moulding of automotive parts in {town}.",
                products="Autopartes de plástico\nCarcasas\nEnvases",
                certifications=["IATF 16949"] if i % 2 else ["ISO 9001"],
            )
        )
    eco.profile = eco.plastics[0]
    eco.software = services.create_organization(
        name="Código Querétaro Labs",
        legal_name="Código Querétaro Labs S.C.",
        kind="company",
        scian_id="541510",
        municipality_id="014",
        employees=35,
        annual_sales_mxn=40_000_000,
        description_es="Desarrollo de software a la medida y nube para manufactura.",
    )
    coordination_org = services.create_organization(
        name="Coordinación TD2035", kind="coordination", municipality_id="014", scian_id="931310"
    )
    cluster_org = services.create_organization(
        name="Querétaro Plastics Cluster", kind="cluster", municipality_id="014", scian_id="813110"
    )
    chamber_org = services.create_organization(
        name="Canacintra Querétaro", kind="chamber", municipality_id="014", scian_id="813110"
    )
    eco.coordination = services.create_network(
        name="Coordinación TD2035",
        organization=coordination_org,
        is_founding=True,
        description_es="La red de redes de Querétaro.",
    )
    eco.cluster = services.create_network(
        name="Querétaro Plastics Cluster",
        organization=cluster_org,
        is_founding=True,
        description_es="Empresas de la cadena del plástico.",
    )
    eco.chamber = services.create_network(
        name="Canacintra Querétaro", organization=chamber_org, is_founding=True
    )
    services.link_networks(eco.coordination, eco.cluster)
    services.link_networks(eco.coordination, eco.chamber)
    for org in eco.plastics[:6]:
        services.add_member(eco.cluster, org)
    services.add_member(eco.chamber, eco.profile)
    services.add_member(eco.chamber, eco.software)
    services.add_member(eco.coordination, cluster_org)
    eco.organizations = [*eco.plastics, eco.software, coordination_org, cluster_org, chamber_org]
    return eco


def remove_ecosystem(eco: Ecosystem) -> None:
    """Leave the test database as the ecosystem found it."""
    networks = [n for n in (eco.coordination, eco.cluster, eco.chamber) if n]
    Network.objects.filter(pk__in=[n.pk for n in networks]).delete()
    org_ids = [o.pk for o in eco.organizations]
    Organization.objects.filter(pk__in=org_ids).delete()
    Certification.objects.filter(organizations=None).delete()
    search.clear_index()
