from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress

from td2035.accounts.actors import is_platform_admin
from td2035.accounts.models import User
from td2035.demo import people as demo
from td2035.demo.management.commands import load_demo
from td2035.directory.models import Organization
from td2035.privacy.models import PrivacyConsent
from td2035.roles.models import NetworkAdmin, OrganizationRole
from td2035.roles.permissions import can_verify_organization, is_org_admin
from td2035.tests.factories import CompanyFactory, NetworkFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def vortice() -> Organization:
    """The Vórtice network with two demo micro companies, one of them already verified."""
    network = NetworkFactory.create(
        name="Vórtice IT Clúster Querétaro", slug=demo.DEMO_NETWORK_SLUG, is_demo=True
    )
    verified = CompanyFactory.create(
        name="Apps del Bajío", employees=4, annual_sales_mxn=2_000_000, is_demo=True, is_verified=True
    )
    pending = CompanyFactory.create(
        name="Código Otomí", employees=3, annual_sales_mxn=1_000_000, is_demo=True
    )
    add_member(network, verified, pending)
    return pending


def test_one_demo_person_per_role_with_a_verified_email_and_known_password(vortice: Organization) -> None:
    result = demo.load_demo_accounts()
    assert result.organization == "Código Otomí" and result.network == "Vórtice IT Clúster Querétaro"
    users = {u.email: u for u in User.objects.filter(email__in=result.emails)}
    assert len(users) == 4
    for user in users.values():
        assert user.check_password(demo.DEMO_PASSWORD) and user.is_active
        assert EmailAddress.objects.get(user=user).verified
        assert PrivacyConsent.objects.filter(user=user, version=1).exists()
    assert is_platform_admin(users[demo.PLATFORM_ADMIN])
    assert can_verify_organization(users[demo.NETWORK_ADMIN], vortice.pk)
    assert is_org_admin(users[demo.ORG_ADMIN], vortice.pk)
    member = OrganizationRole.objects.get(user=users[demo.ORG_MEMBER])
    assert member.organization == vortice and member.role == "member"


def test_loading_twice_changes_nothing(vortice: Organization) -> None:
    demo.load_demo_accounts()
    demo.load_demo_accounts()
    assert User.objects.count() == 4
    assert OrganizationRole.objects.count() == 2 and NetworkAdmin.objects.count() == 1
    assert EmailAddress.objects.count() == 4 and PrivacyConsent.objects.count() == 4


def test_without_the_demo_ecosystem_the_people_still_exist() -> None:
    result = demo.load_demo_accounts()
    assert result.network is None and result.organization is None
    assert User.objects.filter(email__in=result.emails).count() == 4


def test_load_demo_adds_the_accounts_only_with_debug(settings: Any) -> None:
    out = StringIO()
    command = load_demo.Command(stdout=out)  # type: ignore[arg-type]
    settings.DEBUG = False
    command._load_demo_accounts()
    assert "skipped" in out.getvalue() and not User.objects.exists()
    settings.DEBUG = True
    command._load_demo_accounts()
    assert demo.DEMO_PASSWORD in out.getvalue() and User.objects.count() == 4
