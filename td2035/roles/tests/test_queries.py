import pytest

from td2035.privacy import arco
from td2035.roles.models import OrganizationRole
from td2035.roles.queries import organization_contacts
from td2035.tests.factories import OrganizationFactory
from td2035.tests.people import person

pytestmark = pytest.mark.django_db


def test_contacts_respect_the_opposition_choice() -> None:
    org = OrganizationFactory.create(name="Tortillería La Esperanza")
    owner = person("lucia@tortilleria.example", full_name="Lucía Hernández")
    clerk = person("pedro@tortilleria.example", full_name="Pedro Ruiz")
    shy = person("ana@tortilleria.example", full_name="Ana Soto")
    for user, role in ((clerk, "member"), (owner, "admin"), (shy, "admin")):
        OrganizationRole.objects.create(user=user, organization=org, role=role)
    arco.set_preferences(actor=shy, email_opt_out=False, show_contact=False)

    contacts = organization_contacts(org.pk)
    assert [(c.name, c.role) for c in contacts] == [("Lucía Hernández", "admin"), ("Pedro Ruiz", "member")]
