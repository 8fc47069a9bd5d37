"""The plan of the demo ecosystem: unsaved organisations and networks drawn from the curated data with a
fixed seed (`build_plan`), the same on every machine. organizations/__init__.py stores it."""

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from td2035.demo.organizations import catalog
from td2035.demo.organizations.descriptions import describe
from td2035.demo.organizations.identifiers import (
    ascii_upper,
    company_rfc_prefix,
    mx_phone,
    person_rfc_prefix,
    with_check_digit,
)
from td2035.demo.organizations.places import MunicipalityArea, point_in_geometry
from td2035.directory import services
from td2035.directory.models import Organization, OrganizationKind, SizeSource, Source
from td2035.reference.company_size import (
    Size,
    SizeSector,
    size_for_employee_range,
    size_sector_for_scian,
    thresholds,
)
from td2035.reference.rfc import check_rfc

DEMO_SEED = 2035

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
VERIFIED_SHARE: dict[Size | None, float] = {
    Size.MICRO: 0.17,
    Size.SMALL: 0.32,
    Size.MEDIUM: 0.45,
    Size.LARGE: 0.6,
    None: 0.4,
}
WEBSITE_SHARE = {Size.MICRO: 0.35, Size.SMALL: 0.75, Size.MEDIUM: 0.95, Size.LARGE: 1.0}


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
        self.names = catalog.names()
        self.geo = catalog.geography()
        self.by_cve = {a.cve: a for a in self.areas}

    def plan(self) -> DemoPlan:
        specs = catalog.network_specs()
        allowed = {n["slug"]: set(n.get("only_municipalities", ())) for n in specs}
        orgs = [self._network_org(spec) for spec in specs if "organization" in spec]
        for segment in catalog.segments():
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
        org.description_es, org.description_en = describe(
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


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fold(text: str) -> str:
    return ascii_upper(text).replace("Ñ", "N")
