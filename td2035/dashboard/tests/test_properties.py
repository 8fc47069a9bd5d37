"""Whatever a platform admin sends as a TD2035 target (the targets page), it is stored as given or
refused naming the field; never another exception. See td2035/tests/hostile.py for the values."""

from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from td2035.accounts.models import User
from td2035.dashboard import services
from td2035.dashboard.models import Metric, Target
from td2035.tests.hostile import assert_reads_back, attempt, hostile, ids, numbers, some_of, texts
from td2035.tests.people import make_user, platform_admin

pytestmark = pytest.mark.django_db

TARGET_FIELDS = {
    "metric": st.one_of(st.sampled_from(Metric.values), texts),
    "value": st.one_of(st.floats(0, 100), numbers),
    "year": st.one_of(st.integers(2025, 2100), numbers),
    "note": texts,
}


@pytest.fixture
def staff() -> User:
    return platform_admin()


@hostile
@given(given_=some_of(TARGET_FIELDS, most=4))
def test_target_set_stores_what_it_accepts_or_refuses(staff: User, given_: dict[str, Any]) -> None:
    values: dict[str, Any] = {
        "metric": Metric.values[0],
        "value": 60.0,
        "year": 2035,
        "note": "Meta del plan estatal.",
    } | given_
    attempt(
        lambda: services.target_set(actor=staff, **values),
        lambda target: assert_reads_back(target, "metric", "value", "year", "note"),
    )
    assert isinstance(
        attempt(lambda: services.target_set(actor=make_user("x@example.com"), **values)), Exception
    )


@hostile
@given(data=st.data())
def test_target_delete_takes_any_id(staff: User, data: st.DataObject) -> None:
    target = services.target_set(actor=staff, metric=Metric.values[0], value=50.0)
    attempt(lambda: services.target_delete(actor=staff, target_id=data.draw(ids(target.pk))))


# --- The findings of the adversarial test (issue 10), as regression tests. ----------------------------


@pytest.mark.parametrize("raw", ["²", "99999999999999999999999", "-1", "1e3"])
def test_deleting_a_target_with_a_bad_id_changes_nothing(staff: User, raw: str) -> None:
    services.target_set(actor=staff, metric=Metric.values[0], value=50.0)
    client = Client()
    client.force_login(staff)
    response = client.post("/tablero/metas/", {"delete": raw})
    assert response.status_code == 302
    assert Target.objects.count() == 1
