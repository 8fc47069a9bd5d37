"""Aggregates against small sets computed by hand."""

import datetime as dt

import pytest
from django.utils import timezone

from td2035.dashboard.tests.helpers import assess, draft
from td2035.maturity import aggregates
from td2035.maturity.aggregates import Scope
from td2035.tests.factories import NetworkFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 12))


def test_groups_take_each_organisations_latest_assessment() -> None:
    a, b, c = (OrganizationFactory.create(size="micro") for _ in range(3))
    assess(a, 20, at=at(2022, 1), municipality="014")
    assess(a, 60, at=at(2023, 1), municipality="014")  # replaces the 20
    assess(b, 40, at=at(2023, 2), municipality="014")
    assess(c, 90, at=at(2023, 3), municipality="006", size="medium")
    draft(c)

    everything = aggregates.summary()
    assert everything["assessed"] == 3
    assert everything["mean_overall"] == pytest.approx((60 + 40 + 90) / 3)
    assert everything["bands"] == {"moderately_advanced": 1, "average": 1, "advanced": 1}
    assert everything["dimensions"]["data_management"] == pytest.approx((60 + 40 + 90) / 3)

    by_municipality = aggregates.by_group("municipality")
    assert by_municipality["014"]["assessed"] == 2
    assert by_municipality["014"]["mean_overall"] == pytest.approx(50)
    assert by_municipality["006"]["mean_overall"] == pytest.approx(90)
    assert aggregates.by_group("size")["medium"]["msme_assessed"] == 1

    assert aggregates.activity() == {"completed": 4, "drafts": 1, "assessed": 3, "msme_assessed": 3}


def test_a_network_scope_counts_its_sub_networks_members() -> None:
    inner_member, outer_member, outsider = (OrganizationFactory.create() for _ in range(3))
    outer = NetworkFactory.create(members=[outer_member])
    NetworkFactory.create(members=[inner_member], parent=outer)
    for org, score in ((inner_member, 30), (outer_member, 50), (outsider, 100)):
        assess(org, score)
    from td2035.dashboard.queries import member_ids

    scope = Scope(organization_ids=member_ids(outer.pk))
    assert aggregates.summary(scope)["assessed"] == 2
    assert aggregates.summary(scope)["mean_overall"] == pytest.approx(40)
    assert aggregates.summary(Scope(municipality="014"))["assessed"] == 3


def test_below_mean_counts_per_dimension() -> None:
    orgs = [OrganizationFactory.create() for _ in range(3)]
    dims = aggregates.dimension_ids()
    for org, score in zip(orgs, (10, 50, 90), strict=True):
        assess(org, score, dims=dict.fromkeys(dims, score))
    counts = aggregates.below_mean_counts(aggregates.EVERYTHING, {dims[0]: 50.0, dims[1]: 95.0})
    assert counts == {dims[0]: 1, dims[1]: 3}


def test_the_quarterly_series_is_the_state_at_each_quarters_end() -> None:
    a, b = OrganizationFactory.create(size="micro"), OrganizationFactory.create(size="large")
    assess(a, 20, at=at(2021, 5))  # 2021 Q2
    assess(b, 80, at=at(2021, 8))  # 2021 Q3
    assess(a, 70, at=at(2021, 9))  # 2021 Q3, replaces the 20
    series = aggregates.quarterly(now=at(2022, 2))
    assert [q["quarter"] for q in series] == ["2021-T2", "2021-T3", "2021-T4", "2022-T1"]
    q2, q3, q4, _q1 = series
    assert (q2["assessed"], q2["mean_overall"], q2["msme_advanced"], q2["completed_in_quarter"]) == (
        1,
        20,
        0,
        1,
    )
    assert (q3["assessed"], q3["mean_overall"], q3["msme_assessed"], q3["msme_advanced"]) == (2, 75, 1, 1)
    assert q3["completed_in_quarter"] == 2
    assert (q4["assessed"], q4["completed_in_quarter"]) == (2, 0)
    assert q2["time"] == 2021.5


def test_unknown_group_is_refused() -> None:
    with pytest.raises(ValueError):
        aggregates.by_group("colour")
