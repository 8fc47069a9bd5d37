import pytest

from td2035.dashboard import queries
from td2035.directory.models import Organization
from td2035.tests.factories import NetworkFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_organisation_figures_by_kind_size_sector_and_municipality() -> None:
    OrganizationFactory.create(size="micro", municipality_id="014", scian_id="332710")
    OrganizationFactory.create(size="small", municipality_id="014", scian_id="461110")
    OrganizationFactory.create(size="large", municipality_id="006", scian_id="332710")
    OrganizationFactory.create(kind="university", scian_id="813110", municipality_id="006")
    Organization.objects.filter(size="small").update(is_verified=True)
    figures = queries.organization_figures(queries.organizations())
    assert figures["total"] == 4
    assert figures["verified"] == 1
    assert figures["msme"] == 2
    assert figures["kind"] == {"company": 3, "university": 1}
    assert figures["size"] == {"micro": 1, "small": 1, "large": 1}
    assert figures["sector"] == {"31-33": 2, "46": 1}
    assert figures["municipality"] == {"014": 2, "006": 2}
    assert figures["msme_by_municipality"] == {"014": 2}
    assert queries.organization_figures(queries.organizations(municipality="006"))["total"] == 2


def test_a_network_counts_its_sub_networks_members_once() -> None:
    a, b, c = (OrganizationFactory.create() for _ in range(3))
    parent = NetworkFactory.create(members=[a, b])
    NetworkFactory.create(members=[b, c], parent=parent)
    assert queries.network_member_counts([parent])[parent.pk] == 3
    assert queries.organization_figures(queries.organizations(network_id=parent.pk))["total"] == 3
