"""Whatever people send as their alert preference, it is stored as given or refused with a message;
never another exception. See td2035/tests/hostile.py for the values."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from td2035.matching import alerts
from td2035.matching.tests.helpers import Chain, build_chain
from td2035.tests.hostile import assert_reads_back, attempt, hostile, ids, numbers, some_of, texts

pytestmark = pytest.mark.django_db

PREFERENCE_FIELDS = {
    "frequency": st.one_of(st.sampled_from(["instant", "daily", "off"]), texts),
    "threshold": st.one_of(st.integers(-1, 101), numbers),
}


@pytest.fixture
def chain() -> Chain:
    return build_chain()


@hostile
@given(data=st.data(), given_=some_of(PREFERENCE_FIELDS, most=1), own=st.sampled_from([True, True, False]))
def test_save_setting_stores_what_it_accepts_or_refuses(
    chain: Chain, data: st.DataObject, given_: dict[str, Any], own: bool
) -> None:
    # the supplier's own organisation, or another's, or nobody's
    organization = chain.plastics.pk if own else data.draw(ids(chain.plant.pk))
    values: dict[str, Any] = {"frequency": "daily", "threshold": 40} | given_
    attempt(
        lambda: alerts.save_setting(chain.supplier_member, organization, **values),
        lambda pref: assert_reads_back(pref, "frequency", "threshold", "organization_id"),
    )
