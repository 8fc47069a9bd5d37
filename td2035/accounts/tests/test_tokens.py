"""Personal API tokens: shown once, stored hashed, revoked or expired means 401, read-only means 403;
the account pages and `manage.py create_api_token`."""

import hashlib
import io
import json
import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from td2035.accounts import tokens
from td2035.accounts.models import ApiToken, AuditEntry, User
from td2035.directory.models import Organization
from td2035.tests.people import PASSWORD, make_user, platform_admin

pytestmark = pytest.mark.django_db

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
NEW_ORG = {"name": "Tornillos Querétaro", "kind": "company", "municipality": "014", "scian": "332710"}


def bearer(secret: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post_org(client: Client, secret: str | None, body: Mapping[str, object] = NEW_ORG) -> Any:
    headers: dict[str, Any] = bearer(secret) if secret is not None else {}
    return client.post("/api/v1/organizations", json.dumps(body), content_type="application/json", **headers)


def signed_in(client: Client, user: User) -> Client:
    """Signed in and password confirmed again, as the tokens page asks (the person has accepted the
    current privacy notice, or the sign-in would ask for it first)."""
    from td2035.privacy import notices

    notice = notices.current_notice()
    if notice is not None:
        notices.record_consent(user=user, notice=notice)
    response = client.post("/cuenta/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    response = client.post("/cuenta/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def person() -> User:
    return make_user("ana@tornillos.example")


# --- Service. ----------------------------------------------------------------------------------------


def test_a_token_is_stored_hashed_and_recognised_by_its_prefix(person) -> None:
    token, secret = tokens.create_token(actor=person, name="ERP", scope="write")
    assert TOKEN_PATTERN.match(secret)
    token.refresh_from_db()
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:8]
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in json.dumps(stored, default=str)
    assert token.expires_at is not None
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)


def test_creating_and_revoking_are_audited_without_the_secret(person) -> None:
    token, secret = tokens.create_token(actor=person, name="ERP", scope="read")
    tokens.revoke_token(actor=person, token_id=token.pk)
    tokens.revoke_token(actor=person, token_id=token.pk)  # twice: nothing more happens
    entries = list(AuditEntry.objects.order_by("pk").values_list("action", "actor_label", "data"))
    assert [(a, who) for a, who, _data in entries] == [
        ("api_token.created", person.email),
        ("api_token.revoked", person.email),
    ]
    assert entries[0][2]["prefix"] == secret[:8]
    assert secret not in json.dumps(entries)


def test_bad_input_is_refused_with_the_field(person) -> None:
    with pytest.raises(tokens.TokenError) as blank:
        tokens.create_token(actor=person, name="  ")
    with pytest.raises(tokens.TokenError) as scope:
        tokens.create_token(actor=person, name="x", scope="admin")
    with pytest.raises(tokens.TokenError) as days:
        tokens.create_token(actor=person, name="x", days=0)
    assert (blank.value.field, scope.value.field, days.value.field) == ("name", "scope", "days")
    assert not ApiToken.objects.exists()


def test_anonymous_people_get_no_token() -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        tokens.create_token(actor=AnonymousUser(), name="x")


def test_active_tokens_are_capped(person) -> None:
    for n in range(tokens.MAX_ACTIVE_TOKENS):
        tokens.create_token(actor=person, name=f"t{n}")
    with pytest.raises(tokens.TokenError):
        tokens.create_token(actor=person, name="one too many")
    first = ApiToken.objects.filter(user=person).last()
    assert first is not None
    tokens.revoke_token(actor=person, token_id=first.pk)
    tokens.create_token(actor=person, name="after revoking one")  # room again


def test_nobody_revokes_another_persons_token_but_platform_admins(person) -> None:
    token, _secret = tokens.create_token(actor=person, name="ERP")
    with pytest.raises(tokens.TokenError):
        tokens.revoke_token(actor=make_user("otro@example.com"), token_id=token.pk)
    token.refresh_from_db()
    assert token.revoked_at is None
    tokens.revoke_token(actor=platform_admin(), token_id=token.pk)
    token.refresh_from_db()
    assert token.revoked_at is not None


# --- Bearer authentication on the API. -----------------------------------------------------------------


def test_a_write_token_registers_an_organisation_and_notes_its_use(client, person) -> None:
    token, secret = tokens.create_token(actor=person, name="ERP", scope="write")
    response = post_org(client, secret)
    assert response.status_code == 201, response.content
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer ", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "Token abc", "bearer x" * 100],
)
def test_missing_or_unknown_tokens_are_401_in_json(client, header) -> None:
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.post(
        "/api/v1/organizations", json.dumps(NEW_ORG), content_type="application/json", **headers
    )
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]
    assert not Organization.objects.exists()


def test_a_revoked_token_is_401(client, person) -> None:
    token, secret = tokens.create_token(actor=person, name="ERP", scope="write")
    tokens.revoke_token(actor=person, token_id=token.pk)
    response = post_org(client, secret)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    assert not Organization.objects.exists()


def test_an_expired_token_is_401(client, person) -> None:
    token, secret = tokens.create_token(actor=person, name="ERP", scope="write", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = post_org(client, secret)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert not Organization.objects.exists()


def test_a_deactivated_persons_token_is_401(client, person) -> None:
    _token, secret = tokens.create_token(actor=person, name="ERP", scope="write")
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert post_org(client, secret).status_code == 401


def test_a_read_token_may_read_but_not_write(client, person) -> None:
    _token, secret = tokens.create_token(actor=person, name="lectura", scope="read")
    response = post_org(client, secret)
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert not Organization.objects.exists()
    mine = client.get("/api/v1/me/organizations", **bearer(secret))
    assert mine.status_code == 200
    assert mine.json() == []


def test_public_reads_with_a_token_count_as_its_use(client, person) -> None:
    token, secret = tokens.create_token(actor=person, name="lectura", scope="read")
    assert client.get("/api/v1/networks", **bearer(secret)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_read_endpoints_stay_public(client) -> None:
    assert client.get("/api/v1/organizations").status_code == 200
    assert client.get("/api/v1/organizations", **bearer("not-a-token")).status_code == 200


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=300))
def test_any_authorization_header_is_a_401_never_a_500(client, header) -> None:
    response = client.post(
        "/api/v1/organizations", "{}", content_type="application/json", HTTP_AUTHORIZATION=header
    )
    assert response.status_code == 401


# --- Account pages. ------------------------------------------------------------------------------------


def test_the_tokens_page_needs_a_signed_in_person(client) -> None:
    response = client.get("/cuenta/tokens/")
    assert response.status_code == 302
    assert "/cuenta/login/" in response["Location"]


def test_a_new_token_is_shown_once(client, person) -> None:
    signed_in(client, person)
    response = client.post("/cuenta/tokens/", {"name": "Mi ERP", "scope": "write", "days": "30"}, follow=True)
    assert response.redirect_chain == [("/cuenta/tokens/#new-token", 302)]  # reloading creates no other
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=person)
    secret = re.search(r'id="new-token-value"[^>]*value="([^"]+)"', response.content.decode())
    assert secret is not None
    assert tokens.check_token(secret.group(1)).token == token
    assert token.scope == "write"
    page = client.get("/cuenta/tokens/").content.decode()
    assert secret.group(1) not in page
    assert token.prefix in page
    assert "Mi ERP" in page


def test_the_tokens_page_asks_for_the_password_again(client, person) -> None:
    client.force_login(person)  # no recent confirmation of the password
    for response in (
        client.get("/cuenta/tokens/"),
        client.post("/cuenta/tokens/", {"name": "Mi ERP", "scope": "read", "days": "30"}),
    ):
        assert response.status_code == 302
        assert "reauthenticate" in response["Location"]
    assert not ApiToken.objects.exists()


def test_the_form_reports_bad_input(client, person) -> None:
    signed_in(client, person)
    response = client.post("/cuenta/tokens/", {"name": "", "scope": "root", "days": "7"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert response.context["form"].errors.keys() == {"name", "scope", "days"}


def test_revoking_from_the_page(client, person) -> None:
    token, secret = tokens.create_token(actor=person, name="ERP", scope="write")
    client.force_login(person)
    response = client.post(f"/cuenta/tokens/{token.pk}/revocar/", follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert post_org(Client(), secret).status_code == 401


def test_another_persons_token_cannot_be_revoked_from_the_page(client, person) -> None:
    token, _secret = tokens.create_token(actor=person, name="ERP")
    client.force_login(make_user("intrusa@example.com"))
    client.post(f"/cuenta/tokens/{token.pk}/revocar/")
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_a_post_with_csrf(person) -> None:
    token, _secret = tokens.create_token(actor=person, name="ERP")
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    assert client.get(f"/cuenta/tokens/{token.pk}/revocar/").status_code == 405
    assert client.post(f"/cuenta/tokens/{token.pk}/revocar/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


# --- manage.py create_api_token. ------------------------------------------------------------------------


def run_command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_only_a_usable_token(client) -> None:
    out, err = run_command("Nueva@Example.com", "--scope", "write", "--create-user")
    secret = out.strip()
    assert out == secret + "\n"
    assert TOKEN_PATTERN.match(secret)
    user = User.objects.get(email="nueva@example.com")
    assert user.emailaddress_set.get().verified  # type: ignore[attr-defined]
    assert not user.has_usable_password()
    assert "created" in err
    response = post_org(client, secret)
    assert response.status_code == 201
    assert client.get(f"/api/v1/organizations/{response.json()['slug']}").status_code == 200


def test_the_command_reuses_an_existing_person_and_defaults_to_read(person) -> None:
    out, _err = run_command(person.email)
    token = tokens.check_token(out.strip()).token
    assert token is not None
    assert (token.user, token.scope) == (person, "read")
    assert User.objects.count() == 1


def test_the_command_refuses_unknown_people_without_create_user() -> None:
    with pytest.raises(CommandError, match="--create-user"):
        run_command("nadie@example.com")
    with pytest.raises(CommandError):
        run_command("not-an-email", "--create-user")
    assert not User.objects.exists()
    assert not ApiToken.objects.exists()


def test_the_tokens_page_speaks_english_too(client, person) -> None:
    signed_in(client, person)
    client.cookies["django_language"] = "en"
    html = client.get("/cuenta/tokens/").content.decode()
    assert "<h1>API tokens</h1>" in html
    assert "90 days" in html
    assert "Create token" in html
