"""The audit log page (/cuenta/auditoria/, platform admins only) and its read-only admin."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from td2035.accounts import audit
from td2035.accounts.audit_log import AuditFilters, audit_entries
from td2035.accounts.models import AuditEntry, User
from td2035.tests.people import make_user, platform_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> User:
    return platform_admin()


@pytest.fixture
def entries(staff) -> list[AuditEntry]:
    ana, beto = make_user("ana@example.com"), make_user("beto@example.com")
    made = [
        audit.record(ana, "api_token.created", ana, data={"prefix": "abcd1234"}),
        audit.record(beto, "organization.verified", beto),
        audit.record(staff, "organization.role_changed", ana, data={"to": "admin"}),
    ]
    AuditEntry.objects.filter(pk=made[0].pk).update(created_at=timezone.now() - timedelta(days=10))
    return made


def staff_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_sign_in(entries) -> None:
    response = Client().get("/cuenta/auditoria/")
    assert response.status_code == 302
    assert "/cuenta/login/" in response["Location"]


def test_people_who_are_not_platform_admins_get_403(entries) -> None:
    client = staff_client(make_user("curiosa@example.com", is_staff=True))
    response = client.get("/cuenta/auditoria/")
    assert response.status_code == 403
    assert b"abcd1234" not in response.content


def test_the_query_refuses_anyone_but_platform_admins() -> None:
    with pytest.raises(PermissionDenied):
        audit_entries(AnonymousUser(), AuditFilters())
    with pytest.raises(PermissionDenied):
        audit_entries(make_user("x@example.com"), AuditFilters())


def test_platform_admins_see_who_did_what_newest_first(staff, entries) -> None:
    response = staff_client(staff).get("/cuenta/auditoria/")
    assert response.status_code == 200
    shown = list(response.context["page"].object_list)
    assert [e.action for e in shown] == [
        "organization.role_changed",
        "organization.verified",
        "api_token.created",
    ]
    html = response.content.decode()
    assert "ana@example.com" in html
    assert "abcd1234" in html


@pytest.mark.parametrize(
    ("query", "actions"),
    [
        ({"action": "organization.verified"}, ["organization.verified"]),
        ({"actor": "ANA@"}, ["api_token.created"]),
        ({"actor": "coordinacion"}, ["organization.role_changed"]),
        (
            {"since": str(timezone.localdate() - timedelta(days=2))},
            ["organization.role_changed", "organization.verified"],
        ),
        ({"until": str(timezone.localdate() - timedelta(days=2))}, ["api_token.created"]),
        ({"action": "organization.verified", "actor": "ana"}, []),
        (
            {"action": "no.such.action"},
            ["organization.role_changed", "organization.verified", "api_token.created"],
        ),
        (
            {"since": "not a date"},
            ["organization.role_changed", "organization.verified", "api_token.created"],
        ),
    ],
)
def test_filters(staff, entries, query, actions) -> None:
    response = staff_client(staff).get("/cuenta/auditoria/", query)
    assert response.status_code == 200
    assert [e.action for e in response.context["page"].object_list] == actions


def test_pages_of_fifty_keep_the_filter(staff) -> None:
    for n in range(55):
        audit.record(staff, "organization.verified", data={"n": n})
    audit.record(staff, "api_token.created")
    client = staff_client(staff)
    first = client.get("/cuenta/auditoria/", {"action": "organization.verified"})
    assert len(first.context["page"].object_list) == 50
    assert "action=organization.verified&amp;page=2" in first.content.decode()
    second = client.get("/cuenta/auditoria/", {"action": "organization.verified", "page": "2"})
    assert len(second.context["page"].object_list) == 5
    assert client.get("/cuenta/auditoria/", {"page": "999"}).status_code == 200  # last page instead


def test_user_text_in_entries_is_escaped(staff) -> None:
    audit.record(staff, "organization.updated", data={"name": "<script>alert(1)</script>"})
    html = staff_client(staff).get("/cuenta/auditoria/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_entries_cannot_be_changed_or_deleted_in_the_app(entries) -> None:
    entry = entries[0]
    entry.action = "nothing.happened"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "api_token.created"


def test_the_admin_shows_entries_read_only(entries) -> None:
    superuser = User.objects.create_superuser("root@example.com", "x")
    client = staff_client(superuser)
    entry = entries[0]
    assert client.get("/admin/accounts/auditentry/").status_code == 200
    detail = client.get(f"/admin/accounts/auditentry/{entry.pk}/change/")
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert client.get("/admin/accounts/auditentry/add/").status_code == 403
    assert client.post(f"/admin/accounts/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/accounts/auditentry/{entry.pk}/change/", {"action": "x"}).status_code == 403
    assert AuditEntry.objects.count() == 3


def test_the_admin_never_shows_token_hashes(staff) -> None:
    from td2035.accounts import tokens

    token, _secret = tokens.create_token(actor=staff, name="ERP")
    client = staff_client(User.objects.create_superuser("root@example.com", "x"))
    page = client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    assert page.status_code == 200
    assert token.token_hash.encode() not in page.content
    assert client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403
