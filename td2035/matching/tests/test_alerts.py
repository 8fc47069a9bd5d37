"""Alerts: queued on publication, sent by the worker (never in the request), once per person."""

import datetime as dt
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from td2035.matching import alerts
from td2035.matching.models import AlertPreference, Frequency, MatchAlert, MatchDigest
from td2035.matching.tests.helpers import build_chain, need
from td2035.notifications.models import Notification

pytestmark = pytest.mark.django_db


def work() -> None:
    """The real worker command. It closes "old" connections each turn, and inside a test's transaction
    Django counts PostgreSQL's connection as old (autocommit is off): keep it open."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)


def test_publishing_queues_the_alert_and_the_worker_sends_it(django_capture_on_commit_callbacks):
    chain = build_chain()
    with django_capture_on_commit_callbacks(execute=True):
        listing = need(chain)
    # nothing sent in the request: only a queued task
    assert not Notification.objects.exists() and not MatchAlert.objects.exists()
    assert DBTaskResult.objects.filter(queue_name="alerts", status="READY").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        work()  # computes the matches, stores the notifications and queues their e-mails
    assert not mail.outbox
    work()  # sends the e-mails
    # the supplier's admin (instant by default) is told; its plain member (off by default) is not
    told = Notification.objects.get(user=chain.supplier_admin)
    assert listing.title in told.subject and told.url == reverse("market:listing", args=[listing.pk])
    assert "IATF 16949" in told.body
    assert not Notification.objects.filter(user=chain.supplier_member).exists()
    assert not Notification.objects.filter(user=chain.buyer).exists()  # not about its own listing
    assert MatchAlert.objects.get(user=chain.supplier_admin).sent_at is not None
    assert any(chain.supplier_admin.email in m.to for m in mail.outbox)


def test_never_twice_for_the_same_listing_and_person():
    chain = build_chain()
    listing = need(chain)
    assert alerts.alert_for_listing(listing.pk) >= 1
    assert alerts.alert_for_listing(listing.pk) == 0
    assert Notification.objects.filter(user=chain.supplier_admin).count() == 1


def test_threshold_and_off_are_respected():
    chain = build_chain()
    AlertPreference.objects.create(
        user=chain.supplier_admin, organization=chain.plastics, frequency="instant", threshold=100
    )
    AlertPreference.objects.create(
        user=chain.supplier_member, organization=chain.plastics, frequency="off", threshold=0
    )
    alerts.alert_for_listing(need(chain).pk)
    assert not Notification.objects.exists()


def test_hidden_listing_alerts_only_people_who_may_see_it():
    chain = build_chain()
    from td2035.tests.people import admin_of

    far_admin = admin_of(chain.plastics_far, email="serranos@example.com")
    alerts.save_setting(far_admin, chain.plastics_far.pk, "instant", 10)
    listing = need(chain, visibility="networks", networks=[chain.network.pk])
    alerts.alert_for_listing(listing.pk)
    assert Notification.objects.filter(user=chain.supplier_admin).exists()
    assert not Notification.objects.filter(user=far_admin).exists()
    # public: both hear about it
    alerts.alert_for_listing(need(chain, title="Clips de plástico inyectado").pk)
    assert Notification.objects.filter(user=far_admin).exists()


def test_daily_digest_one_per_person_per_day():
    chain = build_chain()
    AlertPreference.objects.create(
        user=chain.supplier_member, organization=chain.plastics, frequency="daily", threshold=10
    )
    first, second = need(chain), need(chain, title="Clips de plástico inyectado")
    alerts.alert_for_listing(first.pk)
    alerts.alert_for_listing(second.pk)
    pending = MatchAlert.objects.filter(
        user=chain.supplier_member, frequency=Frequency.DAILY, sent_at__isnull=True
    )
    assert pending.count() == 2
    assert not Notification.objects.filter(user=chain.supplier_member).exists()
    day = dt.date(2026, 1, 5)
    assert alerts.send_digests(day) == 1
    digest = Notification.objects.get(user=chain.supplier_member)
    assert first.title in digest.body and second.title in digest.body and "2" in digest.subject
    assert not pending.exists()
    third = need(chain, title="Tapas de plástico inyectado")
    alerts.alert_for_listing(third.pk)
    assert alerts.send_digests(day) == 0  # the same day: waits for tomorrow
    assert alerts.send_digests(day + dt.timedelta(days=1)) == 1
    assert MatchDigest.objects.filter(user=chain.supplier_member).count() == 2


def test_digest_command_and_task():
    chain = build_chain()
    AlertPreference.objects.create(
        user=chain.supplier_member, organization=chain.plastics, frequency="daily", threshold=10
    )
    alerts.alert_for_listing(need(chain).pk)
    out = io.StringIO()
    call_command("send_match_digests", "--enqueue", stdout=out)
    assert out.getvalue().strip() == "queued"
    assert not Notification.objects.filter(user=chain.supplier_member).exists()
    work()
    assert Notification.objects.filter(user=chain.supplier_member).count() == 1


def test_offer_alerts_the_publishers_of_matching_needs():
    chain = build_chain()
    from td2035.market.services import create_listing
    from td2035.tests.people import admin_of

    plant_admin = admin_of(chain.plant, email="direccion@planta.example")
    need(chain)
    offer = create_listing(
        chain.supplier_admin,
        chain.plastics,
        publish=True,
        kind="offer",
        title="Carcasas de plástico inyectado",
        description="Inyección IATF 16949.",
        scian="326199",
    )
    alerts.alert_for_listing(offer.pk)
    assert Notification.objects.filter(
        user=plant_admin, url=reverse("market:listing", args=[offer.pk])
    ).exists()
