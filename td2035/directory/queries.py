"""Reads of the directory shared by pages, the API and other apps."""

from django.db.models import Count, QuerySet

from td2035.directory.models import Network, NetworkLink, Organization


def network_descendant_ids(network_id: int) -> set[int]:
    """Ids of every network nested below this one, at any depth (not including itself)."""
    edges: dict[int, list[int]] = {}
    for parent, child in NetworkLink.objects.values_list("parent_id", "child_id"):
        edges.setdefault(parent, []).append(child)
    found: set[int] = set()
    frontier = [network_id]
    while frontier:
        current = frontier.pop()
        for child in edges.get(current, []):
            if child not in found:
                found.add(child)
                frontier.append(child)
    found.discard(network_id)
    return found


def network_with_descendants(network_id: int) -> tuple[int, ...]:
    return (network_id, *sorted(network_descendant_ids(network_id)))


def organizations_in_network(network: Network, *, recursive: bool) -> QuerySet[Organization]:
    ids = network_with_descendants(network.pk) if recursive else (network.pk,)
    return Organization.objects.filter(memberships__network_id__in=ids).distinct()


def public_organizations() -> QuerySet[Organization]:
    return Organization.objects.select_related("scian", "municipality")


def networks_with_counts() -> QuerySet[Network]:
    return Network.objects.annotate(member_count=Count("memberships", distinct=True)).select_related("organization")
