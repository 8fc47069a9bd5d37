"""The Querétaro demo ecosystem: the seven founding networks and some 700 fictional organisations.

`build_plan` turns the curated data in data/ into unsaved organisations and networks with a fixed
random seed, so every machine gets the same demo. `load_demo` writes a plan in one transaction with bulk
inserts, nests the networks through the directory services (which refuse cycles) and indexes everything
for search. Every record is marked `is_demo`; `unload_demo` removes exactly those.

The founding networks are real bodies: their profiles carry no invented contact data. Every other
organisation is fictional; any likeness of a name to a real business is unintended.
"""

import json
import random
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import phonenumbers
from django.db import transaction
from django.utils.text import slugify
from stdnum.mx import rfc as stdnum_rfc

from td2035.directory import documents, services
from td2035.directory.models import (
    Certification,
    Network,
    NetworkMembership,
    Organization,
    OrganizationKind,
    SizeSource,
    Source,
)
from td2035.reference.company_size import (
    Size,
    SizeSector,
    size_for_employee_range,
    size_sector_for_scian,
    thresholds,
)
from td2035.reference.models import Municipality
from td2035.reference.rfc import check_rfc
from td2035.search import services as search

DEMO_SEED = 2035
DATA_DIR = Path(__file__).resolve().parent / "data"
SEGMENT_FILES = ("segments_industry.json", "segments_other.json")

# INEGI DENUE employment strata ("per_ocu"), as published.
DENUE_STRATA: tuple[tuple[int, int | None, str], ...] = (
    (0, 5, "0 a 5 personas"),
    (6, 10, "6 a 10 personas"),
    (11, 30, "11 a 30 personas"),
    (31, 50, "31 a 50 personas"),
    (51, 100, "51 a 100 personas"),
    (101, 250, "101 a 250 personas"),
    (251, None, "251 y más personas"),
)
STRATUM_SHARE = 0.2  # share of companies whose size comes from a DENUE-like stratum
SIZE_CLASSES = (Size.MICRO, Size.SMALL, Size.MEDIUM, Size.LARGE)
SIZE_PHRASES = {
    Size.MICRO: ("una microempresa", "a micro-business"),
    Size.SMALL: ("una pequeña empresa", "a small company"),
    Size.MEDIUM: ("una mediana empresa", "a medium-sized company"),
    Size.LARGE: ("una gran empresa", "a large company"),
}
KIND_PHRASES = {
    OrganizationKind.UNIVERSITY: ("una institución educativa", "an educational institution"),
    OrganizationKind.GOVERNMENT: ("una oficina de gobierno", "a government office"),
    OrganizationKind.CIVIL_SOCIETY: ("una organización de la sociedad civil", "a civil-society organisation"),
    OrganizationKind.CHAMBER: ("una cámara empresarial", "a business chamber"),
    OrganizationKind.CLUSTER: ("un clúster", "a cluster"),
}
VERIFIED_SHARE: dict[Size | None, float] = {
    Size.MICRO: 0.17,
    Size.SMALL: 0.32,
    Size.MEDIUM: 0.45,
    Size.LARGE: 0.6,
    None: 0.4,
}
WEBSITE_SHARE = {Size.MICRO: 0.35, Size.SMALL: 0.75, Size.MEDIUM: 0.95, Size.LARGE: 1.0}
RFC_STOP_WORDS = {"DE", "DEL", "LA", "LAS", "LOS", "EL", "Y", "E", "EN", "CON", "PARA", "POR", "A", "AL"}
HOMOCLAVE_FIRST = "123456789ABCDEFGHIJKLMNPQRSTUV"
HOMOCLAVE_SECOND = "123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"


# --- Data ---------------------------------------------------------------------------------------------


@cache
def _data(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def segments() -> list[dict[str, Any]]:
    return [segment for name in SEGMENT_FILES for segment in _data(name)["segments"]]


def network_specs() -> list[dict[str, Any]]:
    return list(_data("networks.json")["networks"])


def certification_descriptions() -> dict[str, str]:
    return dict(_data("certifications.json")["certifications"])


def expected_counts() -> tuple[int, int]:
    """How many organisations and networks a full demo has, from the data files alone."""
    municipalities = len(_data("municipalities.json")["municipalities"])
    orgs = sum(municipalities if s.get("per_municipality") else s["count"] for s in segments())
    specs = network_specs()
    return orgs + sum(1 for n in specs if "organization" in n), len(specs)


# --- Geometry, RFC and phone helpers --------------------------------------------------------------------


def point_in_geometry(lon: float, lat: float, geometry: dict[str, Any]) -> bool:
    """Whether a point lies inside a GeoJSON Polygon or MultiPolygon (even-odd ray casting, holes count)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return any(_in_rings(lon, lat, rings) for rings in polygons)


def _in_rings(lon: float, lat: float, rings: Sequence[Sequence[Sequence[float]]]) -> bool:
    inside = False
    for ring in rings:
        j = len(ring) - 1
        for i in range(len(ring)):
            xi, yi = ring[i][0], ring[i][1]
            xj, yj = ring[j][0], ring[j][1]
            if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
    return inside


def _ascii_upper(text: str) -> str:
    """Upper case without accents, keeping Ñ (RFCs use it)."""
    text = text.upper().replace("Ñ", "\0")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.replace("\0", "Ñ")


def company_rfc_prefix(legal_name: str) -> str:
    """The three letters of a company RFC, from its name without the legal form (SAT rules, simplified)."""
    base = _ascii_upper(legal_name.split(",")[0])
    words = ["".join(c for c in w if c.isalpha()) for w in base.split()]
    words = [w for w in words if w and w not in RFC_STOP_WORDS] or ["X"]
    if len(words) >= 3:
        letters = words[0][0] + words[1][0] + words[2][0]
    elif len(words) == 2:
        letters = words[0][0] + words[1][:2]
    else:
        letters = words[0][:3]
    return letters.ljust(3, "X")


def person_rfc_prefix(given: str, surname1: str, surname2: str) -> str:
    """The four letters of a person's RFC (SAT rules, simplified); rude words get an X."""
    first, second = _ascii_upper(surname1), _ascii_upper(surname2)
    names = _ascii_upper(given).split()
    name = names[1] if len(names) > 1 and names[0] in {"MARIA", "JOSE"} else names[0]
    vowel = next((c for c in first[1:] if c in "AEIOU"), "X")
    letters = first[0] + vowel + second[0] + name[0]
    return letters[:3] + "X" if letters in getattr(stdnum_rfc, "_name_blacklist", ()) else letters


def with_check_digit(prefix: str, born: date, rng: random.Random) -> str:
    """A complete RFC: prefix, date (YYMMDD), two homoclave characters and the check digit."""
    body = f"{prefix}{born:%y%m%d}{rng.choice(HOMOCLAVE_FIRST)}{rng.choice(HOMOCLAVE_SECOND)}"
    return body + stdnum_rfc.calc_check_digit(body)


def mx_phone(area_code: str, rng: random.Random) -> str:
    """A valid Mexican number in E.164 in this area code (checked with phonenumbers)."""
    for _attempt in range(50):
        digits = 10 - len(area_code)
        local = f"{rng.randint(1, 9)}{rng.randrange(10 ** (digits - 1)):0{digits - 1}d}"
        number = phonenumbers.parse(f"+52{area_code}{local}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise ValueError(f"no valid phone number found for area code {area_code}")


# --- The plan --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityArea:
    cve: str
    name: str
    latitude: float
    longitude: float
    boundary: dict[str, Any]


@dataclass
class DemoOrganization:
    org: Organization  # unsaved
    certifications: tuple[str, ...] = ()
    secondary_scian: tuple[str, ...] = ()
    memberships: tuple[tuple[str, date], ...] = ()  # (network slug in the plan, joined on)


@dataclass(frozen=True)
class DemoNetwork:
    slug: str
    name: str
    parents: tuple[str, ...]
    is_founding: bool
    description_es: str
    description_en: str
    organization_slug: str = ""


@dataclass
class DemoPlan:
    networks: list[DemoNetwork]
    organizations: list[DemoOrganization]


def municipality_areas() -> list[MunicipalityArea]:
    return [
        MunicipalityArea(m.cve_mun, m.name, m.latitude, m.longitude, m.boundary)
        for m in Municipality.objects.order_by("cve_mun")
    ]


def build_plan(
    areas: Sequence[MunicipalityArea], *, taken_slugs: Iterable[str] = (), seed: int = DEMO_SEED
) -> DemoPlan:
    """The whole demo, deterministic for a seed. `taken_slugs` are avoided (organisations already stored)."""
    return _Generator(areas, set(taken_slugs), seed).plan()


@dataclass
class _Place:
    area: MunicipalityArea
    hub: dict[str, Any]
    latitude: float
    longitude: float
    address: str


@dataclass
class _Generator:
    areas: Sequence[MunicipalityArea]
    taken_slugs: set[str]
    seed: int
    rng: random.Random = field(init=False)
    names: dict[str, Any] = field(init=False)
    geo: dict[str, Any] = field(init=False)
    used_names: set[str] = field(default_factory=set)
    used_rfcs: set[str] = field(default_factory=set)
    by_cve: dict[str, MunicipalityArea] = field(init=False)
    today: date = date(2025, 6, 30)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.names = _data("names.json")
        self.geo = _data("municipalities.json")
        self.by_cve = {a.cve: a for a in self.areas}

    def plan(self) -> DemoPlan:
        specs = network_specs()
        allowed = {n["slug"]: set(n.get("only_municipalities", ())) for n in specs}
        orgs = [self._network_org(spec) for spec in specs if "organization" in spec]
        for segment in segments():
            cves = list(self.by_cve) if segment.get("per_municipality") else None
            count = len(cves) if cves else segment["count"]
            for i in range(count):
                orgs.append(self._segment_org(segment, i, cves[i] if cves else None, allowed))
        networks = [
            DemoNetwork(
                slug=spec["slug"],
                name=spec["name"],
                parents=tuple(spec["parents"]),
                is_founding=bool(spec.get("founding")),
                description_es=spec["description"][0],
                description_en=spec["description"][1],
                organization_slug=spec["slug"] if "organization" in spec else "",
            )
            for spec in specs
        ]
        return DemoPlan(networks, orgs)

    # -- organisations --

    def _network_org(self, spec: dict[str, Any]) -> DemoOrganization:
        info = spec["organization"]
        real = bool(spec.get("founding"))
        area = self.by_cve[info.get("municipality", "014")]
        place = self._place(area, "urban")
        founded = None if real else self.rng.randint(2008, 2022)
        legal = info.get("legal_name") or f"{spec['name']}, A.C."
        org = Organization(
            slug=self._slug(spec["slug"]),
            kind=info["kind"],
            name=spec["name"],
            legal_name=legal,
            scian_id=info["scian"],
            municipality_id=area.cve,
            latitude=place.latitude,
            longitude=place.longitude,
            description_es=spec["description"][0],
            description_en=spec["description"][1],
            year_founded=founded,
            is_verified=real or self.rng.random() < 0.5,
        )
        if not real:  # fictional networks get fictional contact data; real bodies get none
            org.address = place.address
            org.postal_code = place.hub["postal_code"]
            org.rfc = self._company_rfc(legal, founded or 2015)
            self._contact(org, place, Size.MEDIUM)
        self._finish(org)
        self.used_names.add(_fold(org.name))
        return DemoOrganization(org)

    def _segment_org(
        self, segment: dict[str, Any], index: int, cve: str | None, allowed: dict[str, set[str]]
    ) -> DemoOrganization:
        rng = self.rng
        kind = segment.get("kind", OrganizationKind.COMPANY)
        area = self.by_cve[cve] if cve else self._pick_area(segment)
        place = self._place(area, segment["setting"])
        name, core = self._name(segment, area, index)
        scian = _weighted(rng, core.get("scian") or segment["scian"])
        lo, hi = segment["founded"]
        intended = self._intended_size(segment)
        founded = min(hi, lo + round((hi - lo) * rng.betavariate(2.0, 1.4)))
        if intended is Size.LARGE:
            founded = min(founded, hi - 3)
        org = Organization(
            kind=kind,
            name=name,
            slug=self._slug(slugify(name)[:100]),
            scian_id=scian,
            municipality_id=area.cve,
            latitude=place.latitude,
            longitude=place.longitude,
            address=place.address,
            postal_code=place.hub["postal_code"],
            year_founded=founded,
        )
        if intended is not None:
            self._size(org, intended, scian)
        self._legal(org, segment, intended, founded)
        self._contact(org, place, Size(org.size) if org.size else Size.SMALL)
        products = self._pick(core.get("products") or segment["products"], 3, 5)
        capabilities = self._pick(core.get("capabilities") or segment["capabilities"], 3, 4)
        client = rng.choice(segment["clients"])
        org.products = "\n".join(_capitalize(p[0]) for p in products)
        org.capabilities = "\n".join(_capitalize(c[0]) for c in capabilities)
        org.description_es, org.description_en = _describe(
            org, segment, area.name, products, capabilities, client
        )
        org.is_verified = rng.random() < VERIFIED_SHARE[Size(org.size) if org.size else None]
        self._finish(org)
        return DemoOrganization(
            org,
            certifications=self._certifications(segment, org.size),
            secondary_scian=self._secondary(segment, scian),
            memberships=self._memberships(segment, area.cve, founded, allowed),
        )

    def _finish(self, org: Organization) -> None:
        org.source = Source.DEMO
        org.is_demo = True

    def _pick_area(self, segment: dict[str, Any]) -> MunicipalityArea:
        weights = segment.get("municipalities") or {
            cve: m["weight"] for cve, m in self.geo["municipalities"].items()
        }
        return self.by_cve[_weighted(self.rng, weights)]

    def _place(self, area: MunicipalityArea, setting: str) -> _Place:
        rng = self.rng
        hubs = self.geo["municipalities"][area.cve]["hubs"]
        hub = rng.choice(
            [h for h in hubs if h["kind"] == setting] or [h for h in hubs if h["kind"] == "urban"]
        )
        lat, lon = area.latitude, area.longitude
        for _attempt in range(200):
            cand_lat = round(rng.gauss(hub["lat"], hub["sigma"]), 6)
            cand_lon = round(rng.gauss(hub["lon"], hub["sigma"]), 6)
            if point_in_geometry(cand_lon, cand_lat, area.boundary):
                lat, lon = cand_lat, cand_lon
                break
        street = rng.choice(self.geo["streets"][hub["kind"]])
        number = rng.randint(1, 2400)
        if hub["kind"] == "industrial":
            address = f"{street} {number}, Nave {rng.randint(1, 40)}, {hub['name']}, {area.name}, Qro."
        elif hub["kind"] == "rural":
            address = (
                f"{street} km {rng.randint(1, 25)}.{rng.randint(0, 9)}, {hub['name']}, {area.name}, Qro."
            )
        else:
            colonia = "Centro" if hub["name"].startswith("Centro") else hub["name"]
            address = f"{street} {number}, Col. {colonia}, {area.name}, Qro."
        return _Place(area, hub, lat, lon, address)

    def _intended_size(self, segment: dict[str, Any]) -> Size | None:
        weights = segment["sizes"]
        if not sum(weights):
            return None
        return self.rng.choices(SIZE_CLASSES, weights=weights)[0]

    def _size(self, org: Organization, intended: Size, scian: str) -> None:
        """Employees and sales that fall in the intended class; the DOF rule then decides the size."""
        rng = self.rng
        sector = size_sector_for_scian(scian)
        employees, sales_millions = _employees_and_sales(rng, intended, sector)
        if rng.random() < STRATUM_SHARE:
            low, high, label = next(s for s in DENUE_STRATA if s[1] is None or employees <= s[1])
            org.size = size_for_employee_range(low, high, sector).value
            org.size_source = SizeSource.DENUE_STRATUM
            org.denue_stratum = label
            return
        org.employees = employees
        org.annual_sales_mxn = Decimal(round(sales_millions * 1000)) * 1000
        services.apply_computed_size(org)

    def _legal(self, org: Organization, segment: dict[str, Any], intended: Size | None, founded: int) -> None:
        rng = self.rng
        if org.kind == OrganizationKind.GOVERNMENT:
            return
        if intended is Size.MICRO and rng.random() < segment.get("person_share", 0.0):
            given, surname1, surname2 = self._person()
            org.legal_name = f"{given} {surname1} {surname2}"
            born = date(rng.randint(1950, 1998), rng.randint(1, 12), rng.randint(1, 28))
            org.rfc = self._unique_rfc(
                lambda: with_check_digit(person_rfc_prefix(given, surname1, surname2), born, rng)
            )
            return
        forms = segment.get("legal") or {"sa": 6, "srl": 3}
        form = self.names["legal_forms"][_weighted(rng, forms)]
        base = org.name
        if rng.random() < 0.15 and org.kind == OrganizationKind.COMPANY:  # a holding name unlike the brand
            surname, other = rng.sample(self.names["surnames"], 2)
            base = rng.choice(["Grupo {0}", "Grupo Industrial {0}", "Corporativo {0} {1}", "{0} y {1}"])
            base = base.format(surname, other)
        org.legal_name = f"{base}, {form}"
        org.rfc = self._company_rfc(org.legal_name, founded)

    def _company_rfc(self, legal_name: str, founded: int) -> str:
        rng = self.rng
        day = date(founded, rng.randint(1, 12), rng.randint(1, 28))
        return self._unique_rfc(lambda: with_check_digit(company_rfc_prefix(legal_name), day, rng))

    def _unique_rfc(self, make: Callable[[], str]) -> str:
        for _attempt in range(20):
            value = make()
            if value not in self.used_rfcs and check_rfc(value).is_valid:
                self.used_rfcs.add(value)
                return value
        raise ValueError("could not draw a unique valid RFC")

    def _person(self) -> tuple[str, str, str]:
        rng = self.rng
        given = rng.choice(self.names[rng.choice(["given_female", "given_male"])])
        return given, rng.choice(self.names["surnames"]), rng.choice(self.names["surnames"])

    def _contact(self, org: Organization, place: _Place, size: Size) -> None:
        rng = self.rng
        area_codes = self.geo["municipalities"][place.area.cve]["area_codes"]
        if rng.random() < 0.95:
            org.phone = mx_phone(rng.choice(area_codes), rng)
        domain_label = "-".join(w for w in slugify(org.name).split("-") if len(w) > 2)[:40].strip("-")
        domain_label = domain_label or org.slug[:40]
        share = 0.9 if org.kind != OrganizationKind.COMPANY else WEBSITE_SHARE[size]
        if rng.random() < share:
            org.website = f"https://www.{domain_label}.example.com"
            org.email = f"{rng.choice(['contacto', 'ventas', 'info', 'hola'])}@{domain_label}.example.com"
        elif rng.random() < 0.8:
            org.email = f"{domain_label.replace('-', '.')}{rng.randint(1, 99)}@example.net"

    def _name(
        self, segment: dict[str, Any], area: MunicipalityArea, index: int
    ) -> tuple[str, dict[str, Any]]:
        """A unique trade name, and the name core it was built on ({} if none): cores may carry their own
        SCIAN classes, products and capabilities (a bakery sells bread, a tortillería tortillas)."""
        rng = self.rng
        fixed = segment.get("fixed_names")
        if fixed:
            name = str(fixed[index % len(fixed)])
            self.used_names.add(_fold(name))
            return name, {}
        names = segment["names"]
        templates = [t for t in names["templates"] if names["brands"] or "{brand}" not in t]
        for attempt in range(60):
            template = rng.choice(templates)
            core = rng.choice(names["cores"]) if names["cores"] else ""
            core = core if isinstance(core, dict) else {"name": core}
            name = template.format(
                core=core["name"],
                place=rng.choice(self.names["places"]).format(town=area.name),
                surname=rng.choice(self.names["surnames"]),
                fancy=rng.choice(self.names["fancy"]),
                town=area.name,
                brand=self._brand(names["brands"]) if names["brands"] else "",
            )
            name = " ".join(name.split())
            if attempt > 40:
                name = f"{name} {area.name}"
            if _fold(name) not in self.used_names:
                self.used_names.add(_fold(name))
                return name, core if "{core}" in template else {}
        raise ValueError(f"could not draw a unique name for segment {segment['key']}")

    def _brand(self, prefixes: Sequence[str]) -> str:
        prefix = self.rng.choice(prefixes)
        suffix = self.rng.choice(self.names["brand_suffixes"])
        if prefix[-1].lower() == suffix[0] or (prefix[-1].lower() in "aeiou" and suffix[0] in "aeiou"):
            suffix = suffix[1:]
        return _capitalize(prefix.lower() + suffix)

    def _slug(self, base: str) -> str:
        base = base or "organizacion"
        slug, n = base, 2
        while slug in self.taken_slugs:
            slug, n = f"{base}-{n}", n + 1
        self.taken_slugs.add(slug)
        return slug

    def _pick(self, items: Sequence[Any], low: int, high: int) -> list[Any]:
        count = min(len(items), self.rng.randint(low, high))
        return self.rng.sample(list(items), count)

    def _certifications(self, segment: dict[str, Any], size: str) -> tuple[str, ...]:
        boost = {"micro": 0.4, "small": 0.9, "medium": 1.3, "large": 1.6}.get(size, 1.0)
        return tuple(name for name, p in segment["certs"].items() if self.rng.random() < min(0.95, p * boost))

    def _secondary(self, segment: dict[str, Any], primary: str) -> tuple[str, ...]:
        others = sorted(set(segment["scian"]) - {primary})
        if others and self.rng.random() < 0.25:
            return (self.rng.choice(others),)
        return ()

    def _memberships(
        self, segment: dict[str, Any], cve: str, founded: int, allowed: dict[str, set[str]]
    ) -> tuple[tuple[str, date], ...]:
        rng = self.rng
        options = {
            slug: w
            for slug, w in segment["networks"].items()
            if not allowed.get(slug) or cve in allowed[slug]
        }
        options = options or {"coparmex-comision-mipymes": 1}
        wanted = 1 if rng.random() < 0.6 or len(options) == 1 else 2
        chosen: list[str] = []
        while len(chosen) < wanted:
            slug = _weighted(rng, {k: v for k, v in options.items() if k not in chosen})
            chosen.append(slug)
        start = max(founded, 2012)
        return tuple(
            (slug, date(rng.randint(start, self.today.year), rng.randint(1, 12), rng.randint(1, 28)))
            for slug in chosen
        )


def _employees_and_sales(rng: random.Random, size: Size, sector: SizeSector) -> tuple[int, float]:
    """Employees and annual sales (millions of MXN) inside a DOF size class for this sector."""
    table = thresholds()[sector]
    if size is Size.LARGE:
        top = table[-1].employees_max
        return rng.randint(top + 1, top * 8), rng.uniform(300, 4000)
    index = [t.size for t in table].index(size)
    low = table[index - 1].employees_max + 1 if index else 1
    threshold = table[index]
    employees = round(rng.triangular(low, threshold.employees_max, low))
    cap_sales = (float(threshold.combined_cap) - 0.1 * employees) / 0.9 * 0.95
    return employees, rng.uniform(cap_sales * 0.15, cap_sales)


def _describe(
    org: Organization,
    segment: dict[str, Any],
    municipality: str,
    products: list[list[str]],
    capabilities: list[list[str]],
    client: list[str],
) -> tuple[str, str]:
    if org.kind == OrganizationKind.COMPANY:
        what_es, what_en = SIZE_PHRASES[Size(org.size)] if org.size else ("una empresa", "a company")
        what_es, what_en = f"{what_es} {segment['activity'][0]}", f"{what_en} {segment['activity'][1]}"
    else:
        what_es, what_en = KIND_PHRASES[OrganizationKind(org.kind)]
    verb_es, verb_en = segment["verb"]
    es = (
        f"{org.name} es {what_es} con sede en {municipality}, Querétaro. "
        f"{verb_es} {_join([p[0] for p in products[:2]], 'y')} para {client[0]}. "
        f"Entre sus capacidades están {_join([c[0] for c in capabilities[:3]], 'y')}."
    )
    en = (
        f"{org.name} is {what_en} based in {municipality}, Querétaro. "
        f"It {verb_en} {_join([p[1] for p in products[:2]], 'and')} for {client[1]}. "
        f"Its capabilities include {_join([c[1] for c in capabilities[:3]], 'and')}."
    )
    if org.year_founded:
        es += f" Fundada en {org.year_founded}."
        en += f" Founded in {org.year_founded}."
    return es, en


def _join(items: Sequence[str], conjunction: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fold(text: str) -> str:
    return _ascii_upper(text).replace("Ñ", "N")


# --- Loading -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    loaded: bool
    organizations: int
    networks: int
    memberships: int
    message: str


def demo_counts() -> tuple[int, int]:
    return Organization.objects.filter(is_demo=True).count(), Network.objects.filter(is_demo=True).count()


@transaction.atomic
def load_demo(*, reset: bool = False) -> LoadResult:
    """Load the demo unless it is already there; with `reset`, remove the demo data first."""
    if reset:
        unload_demo()
    orgs, networks = demo_counts()
    expected = expected_counts()
    if (orgs, networks) == expected:
        return LoadResult(False, orgs, networks, 0, "already loaded")
    if orgs or networks:
        return LoadResult(
            False,
            orgs,
            networks,
            0,
            f"incomplete or older demo data ({orgs} of {expected[0]} organisations, {networks} of "
            f"{expected[1]} networks): run with --reset to reload it",
        )
    plan = _plan_avoiding_stored_slugs()
    ids = _store_organizations(plan.organizations)
    network_ids = _store_networks(plan.networks, ids)
    memberships = _store_memberships(plan.organizations, ids, network_ids)
    demo_orgs = Organization.objects.filter(is_demo=True).order_by("pk").iterator(chunk_size=2000)
    search.index_organizations(documents.for_queryset(demo_orgs))
    return LoadResult(True, len(ids), len(network_ids), memberships, "loaded")


@transaction.atomic
def unload_demo() -> tuple[int, int]:
    """Delete every demo organisation and network (memberships and links go with them) and drop the
    organisations from the search index. Returns (organisations, networks) deleted."""
    ids = list(Organization.objects.filter(is_demo=True).values_list("pk", flat=True))
    networks, _detail = Network.objects.filter(is_demo=True).delete()
    Organization.objects.filter(pk__in=ids).delete()
    search.remove_organizations(ids)
    return len(ids), networks


def _plan_avoiding_stored_slugs() -> DemoPlan:
    """The plan, re-drawn with other slugs while any of its slugs is already used by a stored organisation."""
    areas, taken = municipality_areas(), set[str]()
    while True:
        plan = build_plan(areas, taken_slugs=taken)
        slugs = [item.org.slug for item in plan.organizations]
        clashes = set(Organization.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if not clashes:
            return plan
        taken |= clashes


def _store_organizations(items: list[DemoOrganization]) -> dict[str, int]:
    certs = {
        name: Certification.objects.get_or_create(name=name, defaults={"description": text})[0].pk
        for name, text in certification_descriptions().items()
    }
    Organization.objects.bulk_create([item.org for item in items], batch_size=500)
    ids = dict(
        Organization.objects.filter(is_demo=True, slug__in=[i.org.slug for i in items]).values_list(
            "slug", "pk"
        )
    )
    cert_through = Organization.certifications.through
    cert_through.objects.bulk_create(
        [
            cert_through(organization_id=ids[item.org.slug], certification_id=certs[name])
            for item in items
            for name in item.certifications
        ],
        batch_size=1000,
    )
    scian_through = Organization.secondary_scian.through
    scian_through.objects.bulk_create(
        [
            scian_through(organization_id=ids[item.org.slug], sciancode_id=code)
            for item in items
            for code in item.secondary_scian
        ],
        batch_size=1000,
    )
    return ids


def _store_networks(plan: list[DemoNetwork], org_ids: dict[str, int]) -> dict[str, int]:
    orgs = Organization.objects.in_bulk([org_ids[n.organization_slug] for n in plan if n.organization_slug])
    created: dict[str, Network] = {}
    for spec in plan:
        slug = spec.slug if not Network.objects.filter(slug=spec.slug).exists() else ""
        created[spec.slug] = services.create_network(
            name=spec.name,
            organization=orgs[org_ids[spec.organization_slug]] if spec.organization_slug else None,
            slug=slug or services.unique_slug(spec.name, Network),
            description_es=spec.description_es,
            description_en=spec.description_en,
            is_founding=spec.is_founding,
            is_demo=True,
        )
    for spec in plan:
        for parent in spec.parents:
            services.link_networks(created[parent], created[spec.slug])
    return {slug: network.pk for slug, network in created.items()}


def _store_memberships(
    items: list[DemoOrganization], org_ids: dict[str, int], network_ids: dict[str, int]
) -> int:
    rows = [
        NetworkMembership(
            network_id=network_ids[slug], organization_id=org_ids[item.org.slug], joined_on=joined
        )
        for item in items
        for slug, joined in item.memberships
    ]
    NetworkMembership.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
