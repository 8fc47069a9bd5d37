from decimal import Decimal

import pytest

from td2035.directory import services
from td2035.directory.models import NetworkLink, OrganizationKind, SizeSource
from td2035.directory.queries import network_descendant_ids, organizations_in_network

pytestmark = pytest.mark.django_db


def make_network(name: str):
    org = services.create_organization(name=name, kind=OrganizationKind.CLUSTER, municipality_id="014")
    return services.create_network(name=name, organization=org)


def test_create_company_computes_size_by_dof_rule_and_normalises_contact():
    org = services.create_organization(
        name="Moldes Querétaro",
        kind=OrganizationKind.COMPANY,
        scian_id="326199",
        municipality_id="011",
        employees=40,
        annual_sales_mxn=Decimal("30000000"),
        phone="442 123 4567",
        rfc="abc-680524-p73",
    )
    assert org.size == "small"  # 40 × 0.1 + 30 × 0.9 = 31 ≤ 95, 40 ≤ 50 (industry)
    assert org.size_source == SizeSource.COMPUTED
    assert org.phone == "+524421234567"
    assert org.rfc == "ABC680524P73"
    assert org.slug == "moldes-queretaro"


def test_slugs_stay_unique():
    first = services.create_organization(name="Café Tolimán", kind=OrganizationKind.COMPANY)
    second = services.create_organization(name="Cafe Toliman", kind=OrganizationKind.COMPANY)
    assert first.slug != second.slug


@pytest.mark.parametrize(
    ("field", "value"), [("rfc", "ABC680524P76"), ("phone", "12"), ("phone", "<b>x</b>")]
)
def test_invalid_rfc_or_phone_is_refused_with_the_field(field, value):
    with pytest.raises(services.DirectoryError) as error:
        services.create_organization(name="X", kind=OrganizationKind.COMPANY, **{field: value})
    assert error.value.field == field


def test_networks_nest_to_any_depth_and_members_roll_up():
    top, middle, bottom = (
        make_network("TD2035"),
        make_network("Canacintra"),
        make_network("Sección plásticos"),
    )
    services.link_networks(top, middle)
    services.link_networks(middle, bottom)
    company = services.create_organization(name="Inyectora Colón", kind=OrganizationKind.COMPANY)
    services.add_member(bottom, company)

    assert network_descendant_ids(top.pk) == {middle.pk, bottom.pk}
    assert list(organizations_in_network(top, recursive=True)) == [company]
    assert list(organizations_in_network(top, recursive=False)) == []


def test_a_cycle_is_refused_with_a_clear_error_and_nothing_written():
    top, middle, bottom = make_network("A"), make_network("B"), make_network("C")
    services.link_networks(top, middle)
    services.link_networks(middle, bottom)
    with pytest.raises(services.NetworkCycleError, match="no puede ser miembro"):
        services.link_networks(bottom, top)
    with pytest.raises(services.NetworkCycleError):
        services.link_networks(top, top)
    assert NetworkLink.objects.count() == 2


def test_network_facet_counts_members_of_sub_networks_like_the_filter_does(
    django_capture_on_commit_callbacks,
):
    from td2035.directory.queries import DirectoryFilters, search_directory

    with django_capture_on_commit_callbacks(execute=True):
        top, section = make_network("Coordinación"), make_network("Sección plásticos")
        direct = services.create_organization(name="Plásticos Directos", kind=OrganizationKind.COMPANY)
        nested = services.create_organization(name="Plásticos Anidados", kind=OrganizationKind.COMPANY)
        services.add_member(top, direct)
        services.add_member(section, nested)
        services.link_networks(top, section)  # the section's members now count under the top too

    page = search_directory(DirectoryFilters(q="plasticos"))
    counts = {value: n for value, _label, n in page.facets["network"]}
    assert counts[top.slug] == 2
    assert counts[section.slug] == 1
    filtered = search_directory(DirectoryFilters(q="plasticos", network=top.slug))
    assert {o.name for o in filtered.organizations} == {"Plásticos Directos", "Plásticos Anidados"}
    assert filtered.total == counts[top.slug]
