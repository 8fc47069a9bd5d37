"""The thin layer on real rows: candidates through the search index, visibility, both directions."""

import pytest

from td2035.market.services import create_listing
from td2035.matching import queries, services
from td2035.matching.engine import NeedSpec
from td2035.matching.tests.helpers import build_chain, need

pytestmark = pytest.mark.django_db


def test_need_ranks_certified_nearby_supplier_first_and_explains():
    chain = build_chain()
    result = services.matches_for_listing(need(chain))
    slugs = [r.organization.slug for r in result.organizations]
    assert slugs[:2] == [chain.plastics.slug, chain.plastics_far.slug]
    assert chain.plant.slug not in slugs  # never the publisher itself
    assert chain.accountant.slug not in slugs
    top = result.organizations[0]
    assert "misma clase SCIAN 326199" in top.explanation
    assert "certificación IATF 16949" in top.explanation
    assert "a 0 km" in top.explanation or " km" in top.explanation
    assert 0 < result.organizations[1].match.score < top.match.score <= 100


def test_network_only_need_is_matched_only_with_members_of_its_networks():
    chain = build_chain()
    listing = need(chain, visibility="networks", networks=[chain.network.pk])
    slugs = [r.organization.slug for r in services.matches_for_listing(listing).organizations]
    assert slugs == [chain.plastics.slug]  # plastics_far is not in the network


def test_organization_sees_open_needs_it_may_see():
    chain = build_chain()
    public = need(chain)
    hidden = need(chain, title="Clips de plástico", visibility="networks", networks=[chain.network.pk])
    draft = need(chain, title="Borrador de carcasas", publish=False)
    mine = [r.listing.pk for r in services.matches_for_organization(chain.plastics)]
    assert public.pk in mine and hidden.pk in mine and draft.pk not in mine
    theirs = [r.listing.pk for r in services.matches_for_organization(chain.plastics_far)]
    assert public.pk in theirs and hidden.pk not in theirs
    assert services.matches_for_organization(chain.accountant) == []


def test_offer_matches_open_needs_and_need_matches_offers():
    chain = build_chain()
    rfq = need(chain)
    offer = create_listing(
        chain.supplier_admin,
        chain.plastics,
        publish=True,
        kind="offer",
        title="Inyección de carcasas de plástico",
        description="Carcasas y clips inyectados, IATF 16949.",
        scian="326199",
        certifications=["IATF 16949"],
    )
    assert [r.listing.pk for r in services.matches_for_listing(offer).needs] == [rfq.pk]
    assert [r.listing.pk for r in services.matches_for_listing(rfq).offers] == [offer.pk]


def test_candidate_generation_uses_related_subsectors():
    chain = build_chain()
    spec = NeedSpec("Almacenaje", buyer_scian="336390")
    assert "493" in queries.related_subsectors(spec) and "326" in queries.related_subsectors(spec)
    # a need that names its goods asks only for their subsector
    assert queries.related_subsectors(NeedSpec("x", scian="326199", buyer_scian="336390")) == ("326",)
    ids = queries.candidate_ids(queries.CandidateRequest(NeedSpec("carcasas", scian="326199"), "carcasas"))
    assert set(ids) >= {chain.plastics.pk, chain.plastics_far.pk}
    assert chain.accountant.pk not in ids


def test_supplier_facts_in_few_queries(django_assert_max_num_queries):
    chain = build_chain()
    ids = [chain.plastics.pk, chain.plastics_far.pk, chain.accountant.pk]
    with django_assert_max_num_queries(2):
        found = queries.supplier_candidates(ids, points={})
    assert [c.id for c in found] == ids
    assert found[0].certifications == ("IATF 16949",) and 0 < found[0].completeness <= 1
