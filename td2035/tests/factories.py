"""factory_boy factories, the one set every test uses (organisations, companies, networks). They write through the services (so the same rules apply:
slugs, RFC and phone normalisation, computed size) and push each change to the search index at once,
because inside a test transaction the services' on-commit reindexing never runs.

    org = OrganizationFactory.create(name="Plásticos del Bajío", scian_id="326199", certifications=["ISO 9001"])
    cluster = NetworkFactory.create(name="Querétaro Plastics Cluster", members=[org], parent=coordination)

(`.create()` rather than calling the factory keeps the result typed for mypy.)
"""

from collections.abc import Iterable
from typing import Any

import factory

from td2035.directory import documents, services
from td2035.directory.models import Certification, Network, Organization, OrganizationKind
from td2035.search import services as search


def reindex(*orgs: Organization) -> None:
    """Index these organisations now (the services only do it after commit)."""
    search.index_organizations(documents.for_ids([o.pk for o in orgs]))


class OrganizationFactory(factory.Factory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Manufacturas Querétaro {n}")
    legal_name = factory.LazyAttribute(lambda o: f"{o.name} S.A. de C.V.")
    kind = OrganizationKind.COMPANY
    scian_id = "332710"  # maquinado de piezas metálicas
    municipality_id = "014"  # Querétaro
    description_es = "Maquinado CNC de piezas de precisión para la industria aeroespacial y automotriz."
    is_demo = False

    @classmethod
    def _create(cls, model_class: type[Organization], *args: Any, **kwargs: Any) -> Organization:
        certifications: Iterable[str] = kwargs.pop("certifications", ())
        org = services.create_organization(certifications=certifications, **kwargs)
        reindex(org)
        return org


class CompanyFactory(OrganizationFactory):
    employees = 25
    annual_sales_mxn = 12_000_000


class CertificationFactory(factory.django.DjangoModelFactory[Certification]):
    class Meta:
        model = Certification
        django_get_or_create = ("name",)

    name = factory.Iterator(["ISO 9001", "IATF 16949", "AS9100", "ISO 14001", "ISO 13485"])


class NetworkFactory(factory.Factory[Network]):
    """A network and the organisation that runs it. `members=[...]` adds members, `parent=` nests it."""

    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Clúster Industrial {n}")
    organization = factory.LazyAttribute(
        lambda o: OrganizationFactory.create(name=o.name, kind=OrganizationKind.CLUSTER, scian_id="813110")
    )
    is_founding = False
    is_demo = False

    @classmethod
    def _create(cls, model_class: type[Network], *args: Any, **kwargs: Any) -> Network:
        members: Iterable[Organization] = kwargs.pop("members", ())
        parent: Network | None = kwargs.pop("parent", None)
        network = services.create_network(**kwargs)
        for org in members:
            services.add_member(network, org)
        if parent is not None:
            services.link_networks(parent, network)
        if members:
            reindex(*members)
        return network


def add_member(network: Network, *orgs: Organization) -> None:
    for org in orgs:
        services.add_member(network, org)
    reindex(*orgs)
