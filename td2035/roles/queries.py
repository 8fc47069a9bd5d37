"""Reads about who speaks for an organisation, with each person's privacy choices (Opposition) applied."""

from dataclasses import dataclass

from td2035.roles.models import OrganizationRole


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    role: str


def organization_contacts(organization_id: int) -> list[Contact]:
    """People who speak for an organisation and let their contact be shown on its profile (admins first)."""
    roles = (
        OrganizationRole.objects.filter(
            organization_id=organization_id, user__is_active=True, user__show_contact=True
        )
        .select_related("user")
        .order_by("role", "user__full_name", "user__email")  # "admin" sorts before "member"
    )
    return [Contact(r.user.full_name or r.user.email, r.user.email, r.role) for r in roles]
