import pytest
from django.core.management import call_command

from td2035.search.documents import OrganizationQuery
from td2035.search.queries import search_organizations
from td2035.search.services import clear_index
from td2035.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_rebuild_indexes_every_organization() -> None:
    orgs = OrganizationFactory.create_batch(3)
    clear_index()
    assert search_organizations(OrganizationQuery()).total == 0
    call_command("rebuild_search_index", verbosity=0)
    result = search_organizations(OrganizationQuery(page_size=10))
    assert result.total == 3
    assert sorted(result.ids) == sorted(o.pk for o in orgs)
