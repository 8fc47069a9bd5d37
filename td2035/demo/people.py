"""Demo accounts, one per role, with a known password: for local use only (see README, "Demo accounts").

`manage.py load_demo` calls `load_demo_accounts()` after loading the demo ecosystem, and only with
DEBUG on: a known password must never reach a public server.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from td2035.accounts.models import User
from td2035.directory.models import Network, Organization, OrganizationKind, SizeChoices
from td2035.directory.queries import organizations_in_network
from td2035.privacy import notices
from td2035.roles.models import NetworkAdmin, OrganizationRole

DEMO_PASSWORD = "demo-td2035-local"  # noqa: S105 - local demo only, documented in the README
DEMO_NETWORK_SLUG = "vortice-it-cluster-queretaro"
PLATFORM_ADMIN = "coordinacion@td2035.test"
NETWORK_ADMIN = "red.vortice@td2035.test"
ORG_ADMIN = "admin.empresa@td2035.test"
ORG_MEMBER = "miembro.empresa@td2035.test"
NAMES = {
    PLATFORM_ADMIN: "Mariana Olvera (demo, Coordinación TD2035)",
    NETWORK_ADMIN: "Julián Reséndiz (demo, Vórtice IT)",
    ORG_ADMIN: "Rocío Ugalde (demo)",
    ORG_MEMBER: "Tomás Feregrino (demo)",
}


@dataclass(frozen=True)
class DemoAccounts:
    emails: list[str]
    network: str | None
    organization: str | None


def demo_accounts_allowed() -> bool:
    return bool(settings.DEBUG)


def demo_company(network: Network | None) -> Organization | None:
    """A demo micro company, preferably an unverified member of the Vórtice network (something for its
    network admin to verify). Deterministic: the demo plan is, and the choice is by slug."""
    companies = Organization.objects.filter(
        is_demo=True, kind=OrganizationKind.COMPANY, size=SizeChoices.MICRO
    )
    if network is not None:
        in_network = companies.filter(pk__in=organizations_in_network(network, recursive=True).values("pk"))
        found = in_network.order_by("is_verified", "slug").first()
        if found is not None:
            return found
    return companies.order_by("slug").first()


@transaction.atomic
def load_demo_accounts() -> DemoAccounts:
    """Create or refresh the four demo people and their roles. Safe to run again."""
    users = {email: _demo_user(email) for email in NAMES}
    admin = users[PLATFORM_ADMIN]
    admin.is_platform_admin = admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_platform_admin", "is_staff", "is_superuser"])

    network = Network.objects.filter(slug=DEMO_NETWORK_SLUG).first()
    if network is not None:
        NetworkAdmin.objects.get_or_create(user=users[NETWORK_ADMIN], network=network)
    company = demo_company(network)
    if company is not None:
        for email, role in (
            (ORG_ADMIN, OrganizationRole.Role.ADMIN),
            (ORG_MEMBER, OrganizationRole.Role.MEMBER),
        ):
            OrganizationRole.objects.update_or_create(
                user=users[email], organization=company, defaults={"role": role}
            )
    return DemoAccounts(list(NAMES), network.name if network else None, company.name if company else None)


def _demo_user(email: str) -> User:
    user = User.objects.filter(email=email).first() or User(email=email)
    user.full_name = NAMES[email]
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    notice = notices.current_notice()
    if notice is not None:
        notices.record_consent(user=user, notice=notice)
    return user
