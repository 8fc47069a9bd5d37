"""Whatever people send the account services (API tokens, the person's name, the audit log's filters), the answer is a row that reads back as stored or a refusal;
never another exception. See td2035/tests/hostile.py for the values and the rules every property test
here follows."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from td2035.accounts import services, tokens
from td2035.accounts.audit_log import AuditFilters, audit_entries
from td2035.accounts.models import ApiToken, User
from td2035.core.cleaning import year_refusal
from td2035.tests.hostile import assert_reads_back, attempt, dates, hostile, ids, numbers, some_of, texts
from td2035.tests.people import person

pytestmark = pytest.mark.django_db


@dataclass
class Office:
    colleague: User  # a person
    staff: User  # platform admin
    stranger: User  # someone else, with an API token
    their_token: ApiToken  # the stranger's


@pytest.fixture
def office() -> Office:
    colleague = person("pedro@tortilleria.example", full_name="Pedro Ramírez")
    stranger = person("ana@molino.example", full_name="Ana Sol")
    staff = person("coordinacion@td2035.example", is_platform_admin=True)
    their_token, _secret = tokens.create_token(actor=stranger, name="Integración")
    return Office(colleague, staff, stranger, their_token)


# --- API tokens. -----------------------------------------------------------------------------------

TOKEN_FIELDS = {
    "name": texts,
    "scope": st.one_of(st.sampled_from(["read", "write"]), texts),
    "days": st.one_of(st.sampled_from([None, 1, 30, 3650]), numbers),
}


@hostile
@given(given_=some_of(TOKEN_FIELDS))
def test_create_token_stores_what_it_accepts_or_refuses(office: Office, given_: dict[str, Any]) -> None:
    values: dict[str, Any] = {"name": "Integración ERP", "scope": "read", "days": 90} | given_
    attempt(
        lambda: tokens.create_token(actor=office.colleague, **values),
        lambda made: assert_reads_back(made[0], "name", "scope", "expires_at"),
    )


@hostile
@given(data=st.data(), secret=texts)
def test_revoking_any_token_id_and_checking_any_secret(
    office: Office, data: st.DataObject, secret: str
) -> None:
    pk = data.draw(ids(office.their_token.pk))
    assert isinstance(attempt(lambda: tokens.revoke_token(actor=office.colleague, token_id=pk)), Exception)
    assert not tokens.check_token(secret).ok


# --- The person's name. ----------------------------------------------------------------------------


@hostile
@given(name=texts)
def test_update_name_stores_what_it_accepts_or_refuses(office: Office, name: str) -> None:
    attempt(
        lambda: services.update_name(actor=office.colleague, full_name=name),
        lambda _changed: assert_reads_back(User.objects.get(pk=office.colleague.pk), "full_name"),
    )


@hostile
@given(since=st.one_of(dates, st.none()), until=st.one_of(dates, st.none()), who=texts)
def test_the_audit_log_filters_take_any_date(office: Office, since: object, until: object, who: str) -> None:
    since = since if isinstance(since, dt.date) else None
    until = until if isinstance(until, dt.date) else None
    filters = AuditFilters(actor=who, since=since, until=until)
    found = attempt(lambda: list(audit_entries(office.staff, filters)[:5]))
    assert isinstance(found, list | ValidationError)


# --- The findings of the adversarial test (issue 10), as regression tests. ----------------------------


@pytest.mark.parametrize("field", ["since", "until"])
def test_a_date_in_year_9999_in_the_audit_filters_is_a_field_message(field: str) -> None:
    client = Client()
    client.force_login(person("coordinacion@td2035.example", is_platform_admin=True))
    response = client.get("/cuenta/auditoria/", {field: "9999-12-31"})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [year_refusal(dt.date(9999, 12, 31))]
