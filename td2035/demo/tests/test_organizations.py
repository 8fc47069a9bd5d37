"""The demo ecosystem: loaded once for this module (it takes about a second), checked, then removed."""

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO

import phonenumbers
import pytest
from django.core.management import call_command
from django.db.models import Count, Max

from td2035.demo import organizations as demo
from td2035.demo.organizations import catalog, identifiers, places
from td2035.demo.organizations.plan import DENUE_STRATA, DemoPlan, build_plan
from td2035.directory.models import (
    Network,
    NetworkLink,
    NetworkMembership,
    Organization,
    OrganizationKind,
    SizeSource,
    Source,
)
from td2035.directory.queries import DirectoryFilters, network_descendant_ids, search_directory
from td2035.directory.services import NetworkCycleError, link_networks
from td2035.reference.company_size import company_size, size_sector_for_scian
from td2035.reference.models import Municipality, ScianCode, ScianLevel
from td2035.reference.rfc import check_rfc
from td2035.reference.services import ensure_reference_data
from td2035.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

FOUNDING = {
    "Canacintra Querétaro": OrganizationKind.CHAMBER,
    "Coparmex Querétaro": OrganizationKind.CHAMBER,
    "Vórtice IT Clúster Querétaro": OrganizationKind.CLUSTER,
    "Querétaro Plastics Cluster": OrganizationKind.CLUSTER,
    "AMIQRO": OrganizationKind.CHAMBER,
    "Universidad Tecnológica de Querétaro (UTEQ)": OrganizationKind.UNIVERSITY,
    "Coordinación TD2035": OrganizationKind.COORDINATION,
}


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[demo.LoadResult]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        ensure_reference_data()
        demo.unload_demo()
        result = demo.load_demo()
    yield result
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        demo.unload_demo()


def demo_orgs() -> list[Organization]:
    return list(Organization.objects.filter(is_demo=True).select_related("municipality"))


def snapshot() -> tuple[object, ...]:
    orgs = Organization.objects.filter(is_demo=True)
    return (
        sorted(orgs.values_list("pk", "slug")),
        orgs.aggregate(Max("updated_at"))["updated_at__max"],
        sorted(Network.objects.filter(is_demo=True).values_list("pk", "slug")),
        NetworkMembership.objects.count(),
        NetworkLink.objects.count(),
        Organization.certifications.through.objects.count(),
        Organization.secondary_scian.through.objects.count(),
    )


def test_loads_enough_organisations_and_the_founding_networks(loaded: demo.LoadResult) -> None:
    assert loaded.loaded
    assert Organization.objects.filter(is_demo=True).count() == loaded.organizations >= 600
    assert (loaded.organizations, loaded.networks) == catalog.expected_counts()
    founding = Network.objects.filter(is_founding=True).select_related("organization")
    assert {n.name: n.organization.kind for n in founding if n.organization} == FOUNDING


def test_every_record_is_marked_as_demo(loaded: demo.LoadResult) -> None:
    assert set(Organization.objects.filter(is_demo=True).values_list("source", flat=True)) == {Source.DEMO}
    assert not Network.objects.filter(is_demo=False).exists()
    verified = Organization.objects.filter(is_demo=True, is_verified=True).count() / loaded.organizations
    assert 0.2 < verified < 0.4


def test_every_municipality_has_organisations(loaded: demo.LoadResult) -> None:
    counts = Counter(Organization.objects.filter(is_demo=True).values_list("municipality_id", flat=True))
    assert set(counts) == set(Municipality.objects.values_list("cve_mun", flat=True))
    assert counts["014"] > counts["011"] > counts["009"]  # Querétaro > El Marqués > Jalpan de Serra


def test_the_coordination_is_a_network_of_networks_at_least_three_deep(loaded: demo.LoadResult) -> None:
    coordination = Network.objects.get(slug="td2035")
    founding = set(Network.objects.filter(is_founding=True).values_list("pk", flat=True))
    assert founding - {coordination.pk} <= network_descendant_ids(coordination.pk)
    children: dict[int, list[int]] = {}
    for parent, child in NetworkLink.objects.values_list("parent_id", "child_id"):
        children.setdefault(parent, []).append(child)

    def depth(network_id: int) -> int:
        return 1 + max((depth(c) for c in children.get(network_id, [])), default=0)

    assert depth(coordination.pk) >= 4  # td2035 > AMIQRO > aerospace programme > machining group
    deepest = Network.objects.get(slug="grupo-maquinados-precision")
    with pytest.raises(NetworkCycleError):
        link_networks(deepest, coordination)


def test_companies_join_one_or_two_relevant_networks(loaded: demo.LoadResult) -> None:
    per_org = Counter(
        NetworkMembership.objects.filter(
            organization__is_demo=True, organization__kind="company"
        ).values_list("organization_id", flat=True)
    )
    companies = Organization.objects.filter(is_demo=True, kind="company").count()
    assert len(per_org) == companies
    assert set(per_org.values()) == {1, 2}
    leaves = Network.objects.filter(is_demo=True, child_links__isnull=True)
    assert not leaves.annotate(n=Count("memberships")).filter(n=0).exists()
    plastics = Network.objects.get(slug="canacintra-seccion-plasticos")
    codes = Organization.objects.filter(memberships__network=plastics).values_list("scian_id", flat=True)
    assert all(code.startswith(("326", "3335", "3332", "5629", "4343")) for code in codes)


def test_rfcs_are_valid_unique_and_match_the_kind_of_taxpayer(loaded: demo.LoadResult) -> None:
    orgs = demo_orgs()
    rfcs = [o.rfc for o in orgs if o.rfc]
    assert len(rfcs) == len(set(rfcs)) > 500
    for org in orgs:
        if org.rfc:
            result = check_rfc(org.rfc)
            assert result.is_valid, (org.name, org.rfc, result.error)
            assert result.is_company == ("," in org.legal_name), org.legal_name  # persons have no legal form
    companies = [o for o in orgs if o.kind == OrganizationKind.COMPANY]
    assert all(o.rfc for o in companies)
    real_bodies = Organization.objects.filter(network__is_founding=True)
    assert real_bodies.count() == 7
    assert not real_bodies.exclude(rfc="", phone="", email="", website="", address="").exists()


def test_phones_are_valid_mexican_numbers(loaded: demo.LoadResult) -> None:
    phones = [o.phone for o in demo_orgs() if o.phone]
    assert len(phones) > 500
    for phone in phones:
        number = phonenumbers.parse(phone)
        assert phonenumbers.is_valid_number(number) and number.country_code == 52, phone
        assert phone == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def test_coordinates_lie_inside_their_municipality(loaded: demo.LoadResult) -> None:
    for org in demo_orgs():
        assert org.municipality and org.latitude is not None and org.longitude is not None
        assert places.point_in_geometry(org.longitude, org.latitude, org.municipality.boundary), org.name


def test_contacts_use_reserved_example_domains(loaded: demo.LoadResult) -> None:
    orgs = demo_orgs()
    assert sum(1 for o in orgs if o.website) > 300
    for org in orgs:
        if org.website:
            assert org.website.startswith("https://www.") and org.website.endswith(".example.com")
        if org.email:
            assert org.email.endswith(("@example.net", ".example.com")), org.email


def test_sizes_follow_the_dof_rule_and_most_companies_are_msmes(loaded: demo.LoadResult) -> None:
    companies = Organization.objects.filter(is_demo=True, kind="company")
    sizes = Counter(companies.values_list("size", flat=True))
    assert "" not in sizes
    assert (sizes["large"] / sum(sizes.values())) <= 0.06
    assert sizes["micro"] > sizes["small"] > sizes["medium"] > sizes["large"] > 0
    computed = companies.filter(size_source=SizeSource.COMPUTED)
    assert computed.count() > 0.7 * companies.count()
    for org in computed:
        assert org.employees is not None and org.annual_sales_mxn is not None
        sector = size_sector_for_scian(org.scian_id or "")
        assert org.size == company_size(org.employees, Decimal(org.annual_sales_mxn), sector).size
    strata = companies.filter(size_source=SizeSource.DENUE_STRATUM)
    assert strata.count() > 50
    assert set(strata.values_list("denue_stratum", flat=True)) <= {s[2] for s in DENUE_STRATA}
    assert not Organization.objects.filter(is_demo=True).exclude(kind="company").exclude(size="").exists()


def test_certifications_fit_the_industry(loaded: demo.LoadResult) -> None:
    def codes(cert: str) -> set[str]:
        return set(Organization.objects.filter(certifications__name=cert).values_list("scian_id", flat=True))

    assert codes("AS9100") and all(c.startswith(("3364", "3327", "3328", "5413")) for c in codes("AS9100"))
    assert codes("ISO 13485") and all(c.startswith("3391") for c in codes("ISO 13485"))
    assert codes("ISO 27001") and all(c.startswith(("51", "54")) for c in codes("ISO 27001"))
    assert codes("IATF 16949") and all(c.startswith(("336", "326", "332")) for c in codes("IATF 16949"))
    food = codes("FSSC 22000") | codes("ISO 22000")
    assert food and all(c.startswith(("311", "312", "326", "722")) for c in food)


def test_every_demo_organisation_passes_model_validation(loaded: demo.LoadResult) -> None:
    networks = set(Network.objects.values_list("organization_id", flat=True))
    for org in demo_orgs():
        org.full_clean(exclude=["secondary_scian", "certifications"], validate_unique=False)
        assert org.description_es and org.description_en
        if org.pk not in networks:
            assert org.description_es.startswith(f"{org.name} es ") and org.description_en.startswith(
                org.name
            )


def test_data_files_use_existing_scian_classes_and_networks() -> None:
    codes = {c for s in catalog.segments() for c in s["scian"]}
    codes |= {
        c
        for s in catalog.segments()
        for core in s["names"]["cores"]
        if isinstance(core, dict)
        for c in core.get("scian", {})
    }
    codes |= {n["organization"]["scian"] for n in catalog.network_specs() if "organization" in n}
    found = set(
        ScianCode.objects.filter(code__in=codes, level=ScianLevel.CLASE).values_list("code", flat=True)
    )
    assert codes == found
    slugs = {n["slug"] for n in catalog.network_specs()}
    assert {slug for s in catalog.segments() for slug in s["networks"]} <= slugs
    assert {p for n in catalog.network_specs() for p in n["parents"]} <= slugs
    assert set(catalog.certification_descriptions()) >= {c for s in catalog.segments() for c in s["certs"]}


def test_second_run_changes_nothing(loaded: demo.LoadResult) -> None:
    before = snapshot()
    result = demo.load_demo()
    assert not result.loaded and result.message == "already loaded"
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert snapshot() == before


def test_incomplete_demo_is_left_alone_and_reset_reloads_it(loaded: demo.LoadResult) -> None:
    real = CompanyFactory.create(name="Empresa Real del Bajío")
    Organization.objects.filter(is_demo=True, kind="company").order_by("pk").first().delete()  # type: ignore[union-attr]
    before = snapshot()
    result = demo.load_demo()
    assert not result.loaded and "--reset" in result.message
    assert snapshot() == before
    out = StringIO()
    call_command("load_demo", "--reset", stdout=out)
    assert "Demo loaded" in out.getvalue()
    assert demo.demo_counts() == catalog.expected_counts()
    assert Organization.objects.filter(pk=real.pk, is_demo=False).exists()


def test_demo_organisations_are_searchable(loaded: demo.LoadResult) -> None:
    page = search_directory(DirectoryFilters(q="plasticos", page_size=10))
    assert page.total > 10 and all(o.is_demo for o in page.organizations)
    aerospace = search_directory(DirectoryFilters(network="red-aeroespacial-queretaro", page_size=5))
    direct = NetworkMembership.objects.filter(network__slug="red-aeroespacial-queretaro").count()
    assert aerospace.total > direct  # sub-networks (the AMIQRO programme and its machining group) count


def test_the_plan_is_deterministic() -> None:
    areas = places.municipality_areas()

    def fingerprint(plan: DemoPlan) -> list[tuple[object, ...]]:
        return [
            (i.org.name, i.org.legal_name, i.org.rfc, i.org.phone, i.org.latitude, i.org.size, i.memberships)
            for i in plan.organizations
        ]

    first = fingerprint(build_plan(areas))
    assert first == fingerprint(build_plan(areas))
    assert first != fingerprint(build_plan(areas, seed=7))
    assert len({row[0] for row in first}) == len(first)  # trade names are unique


def test_point_in_geometry_handles_holes_and_multipolygons() -> None:
    square = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]
    polygon = {"type": "Polygon", "coordinates": [square, hole]}
    assert places.point_in_geometry(0.5, 0.5, polygon)
    assert not places.point_in_geometry(2, 2, polygon)
    assert not places.point_in_geometry(5, 2, polygon)
    multi = {"type": "MultiPolygon", "coordinates": [[square], [[[10, 10], [12, 10], [12, 12], [10, 10]]]]}
    assert places.point_in_geometry(11.5, 10.5, multi)
    assert not places.point_in_geometry(10.5, 11.5, multi)


def test_rfc_prefixes_follow_the_sat_rules() -> None:
    assert identifiers.company_rfc_prefix("Maquinados de Precisión del Bajío, S.A. de C.V.") == "MPB"
    assert identifiers.company_rfc_prefix("Aeronova Manufacturas, S. de R.L. de C.V.") == "AMA"
    assert identifiers.company_rfc_prefix("Ñandú, S.C.") == "ÑAN"
    assert identifiers.person_rfc_prefix("María Guadalupe", "Hernández", "Ruiz") == "HERG"
    assert identifiers.person_rfc_prefix("Óscar", "Pérez", "Domínguez") == "PEDX"  # not the rude word


def test_generated_phones_are_valid_in_every_area_code() -> None:
    import random

    rng = random.Random(1)
    codes = {
        c for m in catalog._data("municipalities.json")["municipalities"].values() for c in m["area_codes"]
    }
    for code in sorted(codes):
        phone = identifiers.mx_phone(code, rng)
        assert phone.startswith(f"+52{code}") and len(phone) == 13
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone))
