"""Whatever people send the account services (colleague invitations and roles, API tokens, ARCO requests,
the privacy notice, the audit log's filters), the answer is a row that reads back as stored or a refusal;
never another exception. See td2035/tests/hostile.py for the values and the rules every property test
here follows."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from td2035.accounts import arco, privacy, tokens
from td2035.accounts.audit_log import AuditFilters, audit_entries
from td2035.accounts.models import ApiToken, ArcoRequest, PrivacyConsent, PrivacyNotice, User
from td2035.core.cleaning import year_refusal
from td2035.directory.models import Organization
from td2035.directory.tests.factories import OrganizationFactory
from td2035.registration import invitations
from td2035.registration.models import Invitation
from td2035.tests.hostile import assert_reads_back, attempt, dates, hostile, ids, numbers, some_of, texts
from td2035.tests.people import person, signed_in

pytestmark = pytest.mark.django_db


@dataclass
class Office:
    org: Organization
    owner: User  # admin of org
    colleague: User  # member of org
    staff: User  # platform admin
    stranger: User  # admin of another organisation
    theirs: Invitation  # the other organisation's pending invitation
    their_token: ApiToken  # the stranger's


@pytest.fixture
def office() -> Office:
    org = OrganizationFactory.create(name="Tortillería La Esperanza")
    other = OrganizationFactory.create(name="Molino El Sol")
    owner = person("lucia@tortilleria.example")
    colleague = person("pedro@tortilleria.example", full_name="Pedro Ramírez")
    stranger = person("ana@molino.example", full_name="Ana Sol")
    invitations.grant_role(org, owner, "admin")
    invitations.grant_role(org, colleague, "member")
    invitations.grant_role(other, stranger, "admin")
    theirs, _token = invitations.invite_colleague(stranger, other, "nuevo@molino.example")
    staff = person("coordinacion@td2035.example", is_platform_admin=True)
    their_token, _secret = tokens.create_token(actor=stranger, name="Integración")
    return Office(org, owner, colleague, staff, stranger, theirs, their_token)


roles = st.one_of(st.sampled_from(["admin", "member"]), texts)
emails = st.one_of(texts, texts.map(lambda t: f"{t}@example.com"), st.just("Nueva@Tortilleria.example "))


# --- Colleague invitations and roles. -----------------------------------------------------------------


@hostile
@given(given_=some_of({"email": emails, "role": roles}))
def test_invite_colleague_stores_what_it_accepts_or_refuses(office: Office, given_: dict[str, str]) -> None:
    values: dict[str, Any] = {"email": "nueva@tortilleria.example", "role": "member"} | given_
    attempt(
        lambda: invitations.invite_colleague(office.owner, office.org, **values),
        lambda made: assert_reads_back(made[0], "email", "role"),
    )


@hostile
@given(token=texts)
def test_accepting_any_invitation_token_is_refused(office: Office, token: str) -> None:
    assert isinstance(attempt(lambda: invitations.accept_invitation(office.colleague, token)), Exception)


@hostile
@given(data=st.data(), role=roles)
def test_revoking_or_changing_any_id(office: Office, data: st.DataObject, role: str) -> None:
    pk = data.draw(ids(office.theirs.pk, office.stranger.pk, office.colleague.pk, office.owner.pk))
    attempt(lambda: invitations.revoke_invitation(office.owner, office.org, pk))
    attempt(lambda: invitations.change_role(office.owner, office.org, pk, role))
    attempt(lambda: invitations.remove_person(office.owner, office.org, pk))
    assert Invitation.objects.get(pk=office.theirs.pk).revoked_at is None  # another organisation's


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


# --- ARCO requests and the privacy notice. ------------------------------------------------------------


@hostile
@given(name=texts)
def test_update_name_stores_what_it_accepts_or_refuses(office: Office, name: str) -> None:
    attempt(
        lambda: arco.update_name(actor=office.colleague, full_name=name),
        lambda _changed: assert_reads_back(User.objects.get(pk=office.colleague.pk), "full_name"),
    )


ARCO_FIELDS = {"kind": st.one_of(st.sampled_from(ArcoRequest.Kind.values), texts), "details": texts}


@hostile
@given(given_=some_of(ARCO_FIELDS))
def test_submit_request_stores_what_it_accepts_or_refuses(office: Office, given_: dict[str, str]) -> None:
    values: dict[str, Any] = {
        "kind": ArcoRequest.Kind.ACCESS,
        "details": "Quiero saber qué datos tienen.",
    } | given_
    attempt(
        lambda: arco.submit_request(actor=office.colleague, **values),
        lambda item: assert_reads_back(item, "kind", "details"),
    )


ANSWER_FIELDS = {
    "status": st.one_of(st.sampled_from(["resolved", "rejected", "open"]), texts),
    "resolution": texts,
}


@hostile
@given(data=st.data(), given_=some_of(ANSWER_FIELDS))
def test_resolve_any_request_with_any_answer(
    office: Office, data: st.DataObject, given_: dict[str, str]
) -> None:
    item = arco.submit_request(
        actor=office.colleague, kind=ArcoRequest.Kind.ACCESS, details="Quiero mis datos."
    )
    pk = data.draw(st.one_of(st.just(item.pk), ids()))
    values: dict[str, Any] = {"status": "resolved", "resolution": "Le enviamos sus datos."} | given_
    attempt(
        lambda: arco.resolve_request(actor=office.staff, request_id=pk, **values),
        lambda done: assert_reads_back(done, "status", "resolution"),
    )
    not_staff = attempt(lambda: arco.resolve_request(actor=office.colleague, request_id=pk, **values))
    assert isinstance(not_staff, PermissionDenied)


@hostile
@given(short=texts, integral=texts, summary=texts)
def test_publish_notice_stores_any_text(office: Office, short: str, integral: str, summary: str) -> None:
    attempt(
        lambda: privacy.publish_notice(
            actor=office.staff, short_text_es=short, integral_text_es=integral, summary_of_changes=summary
        ),
        lambda notice: assert_reads_back(notice, "short_text_es", "integral_text_es", "summary_of_changes"),
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


def test_consent_with_a_next_that_is_not_a_url_redirects_home_and_records_once() -> None:
    user = person()
    client = signed_in(user)
    privacy.publish_notice(
        actor=person("coordinacion@td2035.example", is_platform_admin=True),
        short_text_es="<p>Versión 2</p>",
        integral_text_es="<p>Versión 2</p>",
    )
    privacy.ensure_privacy_notice()
    response = client.post("/privacidad/consentimiento/", {"accept_privacy": "on", "next": "foo"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert PrivacyConsent.objects.filter(user=user, version=2).count() == 1
    again = client.get("/privacidad/consentimiento/?next=foo")
    assert again.status_code == 302 and again["Location"] == "/"


@pytest.mark.parametrize("field", ["since", "until"])
def test_a_date_in_year_9999_in_the_audit_filters_is_a_field_message(field: str) -> None:
    client = Client()
    client.force_login(person("coordinacion@td2035.example", is_platform_admin=True))
    response = client.get("/cuenta/auditoria/", {field: "9999-12-31"})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [year_refusal(dt.date(9999, 12, 31))]


def test_a_notice_published_in_year_9999_from_the_admin_is_a_field_message() -> None:
    client = Client()
    client.force_login(
        person("coordinacion@td2035.example", is_platform_admin=True, is_staff=True, is_superuser=True)
    )
    texts_ = {
        "short_text_es": "<p>Aviso 2</p>",
        "integral_text_es": "<p>Aviso 2</p>",
        "summary_of_changes": "x",
    }
    response = client.post(
        "/admin/accounts/privacynotice/add/",
        texts_ | {"published_at_0": "9999-12-31", "published_at_1": "23:59:00"},
    )
    assert response.status_code == 200
    assert year_refusal(dt.date(9999, 12, 31)) in response.content.decode()
    assert not PrivacyNotice.objects.filter(version=2).exists()
    with pytest.raises(ValidationError):
        privacy.publish_notice(
            actor=User.objects.get(email="coordinacion@td2035.example"),
            short_text_es="<p>Aviso 2</p>",
            integral_text_es="<p>Aviso 2</p>",
            published_at=dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC),
        )
