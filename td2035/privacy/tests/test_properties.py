"""Whatever people send the privacy services (ARCO requests and their answers, the privacy notice), the
answer is a row that reads back as stored or a refusal; never another exception. See td2035/tests/hostile.py
for the values and the rules every property test here follows."""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from td2035.accounts import audit
from td2035.accounts.models import AuditEntry, User
from td2035.core.cleaning import plain_text, year_refusal
from td2035.privacy import arco, cancellation, notices
from td2035.privacy.models import ArcoRequest, PrivacyConsent, PrivacyNotice
from td2035.tests.hostile import assert_reads_back, attempt, hostile, ids, some_of, texts
from td2035.tests.people import person, signed_in

pytestmark = pytest.mark.django_db


@dataclass
class Office:
    colleague: User  # asks
    staff: User  # platform admin: answers, publishes


@pytest.fixture
def office() -> Office:
    colleague = person("pedro@tortilleria.example", full_name="Pedro Ramírez")
    staff = person("coordinacion@td2035.example", is_platform_admin=True)
    return Office(colleague, staff)


# --- ARCO requests and the privacy notice. ------------------------------------------------------------


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
        lambda: notices.publish_notice(
            actor=office.staff, short_text_es=short, integral_text_es=integral, summary_of_changes=summary
        ),
        lambda notice: assert_reads_back(notice, "short_text_es", "integral_text_es", "summary_of_changes"),
    )


# --- Deleting an account. -----------------------------------------------------------------------------


@hostile
@given(name=texts, words=texts)
def test_delete_account_with_any_name_leaves_other_peoples_entries_alone(
    office: Office, name: str, words: str
) -> None:
    """Whatever the person called themselves, the deletion succeeds; everyone else's entries keep their
    text (only a value that is the person's address becomes the reference), theirs lose the address."""
    full_name = " ".join(plain_text(name).split())[:150]
    text = plain_text(words)

    def delete() -> tuple[AuditEntry, AuditEntry, AuditEntry, User]:
        user = person("borrar@tortilleria.example", full_name=full_name)
        other = audit.record(
            office.staff,
            "invitation.created",
            None,
            data={"email": "uno@a.example", "note": f"{text} {full_name}", "name": full_name + "x"},
        )
        to_them = audit.record(office.staff, "invitation.created", None, data={"email": user.email})
        theirs = audit.record(user, "note", None, data={"text": f"{text} borrar@tortilleria.example"})
        cancellation.delete_account(actor=user, user=user)
        return other, to_them, theirs, user

    def check(result: tuple[AuditEntry, AuditEntry, AuditEntry, User]) -> None:
        other, to_them, theirs, user = result
        before = other.data
        other.refresh_from_db()
        to_them.refresh_from_db()
        theirs.refresh_from_db()
        assert other.data == before and other.actor_label == office.staff.email
        assert to_them.data == {"email": arco.reference_for(user)}
        assert "borrar@tortilleria.example" not in json.dumps(theirs.data, ensure_ascii=False)

    attempt(delete, check)


# --- The findings of the adversarial test (issue 10), as regression tests. ----------------------------


def test_consent_with_a_next_that_is_not_a_url_redirects_home_and_records_once() -> None:
    user = person()
    client = signed_in(user)
    notices.publish_notice(
        actor=person("coordinacion@td2035.example", is_platform_admin=True),
        short_text_es="<p>Versión 2</p>",
        integral_text_es="<p>Versión 2</p>",
    )
    notices.ensure_privacy_notice()
    response = client.post("/privacidad/consentimiento/", {"accept_privacy": "on", "next": "foo"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert PrivacyConsent.objects.filter(user=user, version=2).count() == 1
    again = client.get("/privacidad/consentimiento/?next=foo")
    assert again.status_code == 302 and again["Location"] == "/"


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
        "/admin/privacy/privacynotice/add/",
        texts_ | {"published_at_0": "9999-12-31", "published_at_1": "23:59:00"},
    )
    assert response.status_code == 200
    assert year_refusal(dt.date(9999, 12, 31)) in response.content.decode()
    assert not PrivacyNotice.objects.filter(version=2).exists()
    with pytest.raises(ValidationError):
        notices.publish_notice(
            actor=User.objects.get(email="coordinacion@td2035.example"),
            short_text_es="<p>Aviso 2</p>",
            integral_text_es="<p>Aviso 2</p>",
            published_at=dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC),
        )
