"""notify(), the e-mail task, and the page /avisos/."""

from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from td2035.accounts.models import User
from td2035.notifications import services
from td2035.notifications.models import Notification
from td2035.notifications.tasks import send_notification_email
from td2035.tests.people import make_user

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = IMMEDIATE


def send(users: list[User], commit: Any, **kwargs: Any) -> list[Notification]:
    fields = {"subject": "Nueva respuesta", "body": "Hola", "url": "/consultas/1/"} | kwargs
    with commit(execute=True):
        return services.notify(users, **fields)


def test_one_notification_per_distinct_active_person(django_capture_on_commit_callbacks: Any) -> None:
    ana, beto = make_user("ana@example.com"), make_user("beto@example.com")
    gone = make_user("gone@example.com", is_active=False)
    notes = services.notify([ana, beto, ana, gone], subject="S", body="B", url="/x/", send_email=False)
    assert sorted(n.user_id for n in notes) == sorted([ana.pk, beto.pk])
    assert Notification.objects.count() == 2


def test_foreign_links_and_nul_bytes_are_not_stored() -> None:
    ana = make_user("ana@example.com")
    for url in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil.example"):
        (note,) = services.notify([ana], subject="a\x00b", body="c\x00d", url=url, send_email=False)
        assert note.url == ""
        assert note.subject == "ab" and note.body == "cd"


@pytest.mark.usefixtures("immediate_tasks")
def test_each_person_gets_their_own_email_after_commit(django_capture_on_commit_callbacks: Any) -> None:
    ana, beto = make_user("ana@example.com"), make_user("beto@example.com")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify([ana, beto], subject="Nueva respuesta", body="<b>hola</b>", url="/consultas/7/")
    assert mail.outbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.com", "beto@example.com"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "[TD2035] Nueva respuesta"
    assert f"{settings.SITE_URL}/consultas/7/" in message.body
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "&lt;b&gt;hola&lt;/b&gt;" in html and "<b>hola</b>" not in html
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


@pytest.mark.usefixtures("immediate_tasks")
def test_opted_out_and_unverified_people_only_get_the_in_app_notice(
    django_capture_on_commit_callbacks: Any,
) -> None:
    quiet = make_user("quiet@example.com", email_opt_out=True)
    unverified = make_user("new@example.com", verified=False)
    send([quiet, unverified], django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.filter(user__in=[quiet, unverified]).count() == 2


@pytest.mark.usefixtures("immediate_tasks")
def test_send_email_false_sends_nothing(django_capture_on_commit_callbacks: Any) -> None:
    send([make_user("ana@example.com")], django_capture_on_commit_callbacks, send_email=False)
    assert mail.outbox == []


def test_the_task_sends_a_notification_once() -> None:
    (note,) = services.notify(
        [make_user("ana@example.com")], subject="S", body="B", url="/", send_email=False
    )
    assert send_notification_email.call(note.pk, "https://td2035.example") is True
    assert send_notification_email.call(note.pk, "https://td2035.example") is False
    assert len(mail.outbox) == 1
    assert "https://td2035.example/avisos/" in mail.outbox[0].body
    assert "https://td2035.example/privacidad/" in mail.outbox[0].body  # the privacy notice, as in every mail


def run_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work the database queue. The worker closes "old" connections on each turn, and inside a test's
    transaction Django counts PostgreSQL's connection as old (autocommit is off): keep it open."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", batch=True, queue_name="*", interval=0, verbosity=0)


def test_the_database_queue_and_its_worker_deliver_the_email(
    django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    send([make_user("ana@example.com")], django_capture_on_commit_callbacks)
    assert mail.outbox == []  # queued, not sent inside the request
    run_worker(monkeypatch)
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]


def test_mark_read_only_touches_ones_own_notifications() -> None:
    ana, beto = make_user("ana@example.com"), make_user("beto@example.com")
    (note,) = services.notify([ana], subject="S", body="B", url="/", send_email=False)
    assert services.mark_read(beto, note.pk) is None
    note.refresh_from_db()
    assert note.read_at is None
    assert services.mark_read(ana, note.pk) is not None
    note.refresh_from_db()
    assert note.read_at is not None


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_page_needs_sign_in() -> None:
    response = Client().get(reverse("notifications:list"))
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]


def test_page_lists_escaped_notifications_and_header_counts_unread() -> None:
    ana, beto = make_user("ana@example.com"), make_user("beto@example.com")
    services.notify([ana], subject="<script>alert(1)</script>", body="x", url="/", send_email=False)
    services.notify([ana], subject="Otra", body="y", url="/", send_email=False)
    services.notify([beto], subject="De Beto", body="z", url="/", send_email=False)
    html = signed_in(ana).get(reverse("notifications:list")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "De Beto" not in html
    assert '<span class="badge">2<span class="visually-hidden">' in html


def test_open_marks_read_and_follows_the_link() -> None:
    ana = make_user("ana@example.com")
    (note,) = services.notify([ana], subject="S", body="B", url="/consultas/3/", send_email=False)
    response = signed_in(ana).get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/consultas/3/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_other_peoples_notifications_are_404() -> None:
    ana, beto = make_user("ana@example.com"), make_user("beto@example.com")
    (note,) = services.notify([ana], subject="S", body="B", url="/", send_email=False)
    client = signed_in(beto)
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_one_and_all_read() -> None:
    ana = make_user("ana@example.com")
    first, *_ = services.notify([ana], subject="1", body="", url="/", send_email=False)
    services.notify([ana], subject="2", body="", url="/", send_email=False)
    client = signed_in(ana)
    response = client.post(reverse("notifications:read", args=[first.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:list")
    assert Notification.objects.filter(user=ana, read_at__isnull=True).count() == 1
    client.post(reverse("notifications:read-all"))
    assert Notification.objects.filter(user=ana, read_at__isnull=True).count() == 0
    assert client.get(reverse("notifications:read-all")).status_code == 405


def test_the_page_speaks_english_too() -> None:
    client = signed_in(make_user("ana@example.com"))
    client.cookies["django_language"] = "en"
    html = client.get(reverse("notifications:list")).content.decode()
    assert "<h1>Notifications</h1>" in html and "You have no notifications yet." in html
