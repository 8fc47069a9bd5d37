"""market.services: who may write, the rules on values and dates, publish/close/expire."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from td2035.accounts.models import AuditEntry
from td2035.market import services
from td2035.market.models import Listing, ListingStatus
from td2035.market.signals import listing_published
from td2035.market.tests.helpers import future, need_fields, plant, publish_need, supplier
from td2035.tests.people import admin_of, make_user, member_of

pytestmark = pytest.mark.django_db


def refused_fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


def test_a_member_publishes_a_need_and_listeners_hear_it_on_commit(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    org = plant()
    heard: list[int] = []

    def listener(sender: object, listing_id: int, **kwargs: object) -> None:
        heard.append(listing_id)

    listing_published.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            listing = publish_need(org)
    finally:
        listing_published.disconnect(listener)
    assert heard == [listing.pk]
    assert listing.status == ListingStatus.PUBLISHED and listing.published_at is not None
    assert listing.quantity == Decimal("20000.00") and listing.scian_id == "326192"
    assert listing.certifications == ["IATF 16949"]
    assert " polipropilen" in listing.search_text and " inyectad" in listing.search_text
    assert AuditEntry.objects.filter(action="market.listing_created", target_id=str(listing.pk)).exists()


def test_admins_and_members_write_but_outsiders_do_not() -> None:
    org = plant()
    publish_need(org, admin_of(org, email="admin@plant.example"))
    publish_need(org, member_of(org, email="member@plant.example"), title="Otra")
    outsider = member_of(supplier(), email="ventas@supplier.example")
    with pytest.raises(PermissionDenied):
        publish_need(org, outsider, title="Intrusa")
    with pytest.raises(PermissionDenied):
        services.create_listing(make_user("nadie@example.com"), org, **need_fields())
    assert Listing.objects.count() == 2


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"deadline": timezone.localdate() - dt.timedelta(days=1)}, "deadline"),
        ({"closes_at": timezone.localdate() - dt.timedelta(days=2)}, "closes_at"),
        ({"closes_at": timezone.localdate() + dt.timedelta(days=90)}, "closes_at"),  # after the deadline
        ({"quantity": "-5"}, "quantity"),
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "muchas"}, "quantity"),
        ({"budget_min": "300000", "budget_max": "200000"}, "budget_max"),
        ({"budget_min": "-1"}, "budget_min"),
        ({"scian": "326"}, "scian"),
        ({"scian": "999999"}, "scian"),
        ({"municipality": "099"}, "municipality"),
        ({"certifications": ["ISO 9001", "Certificado Patito"]}, "certifications"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "d" * 5001}, "description"),
        ({"title": "RFQ\x00"}, "title"),
        ({"description": "ok\x00"}, "description"),
        ({"kind": "auction"}, "kind"),
        ({"visibility": "networks", "networks": []}, "networks"),
        ({"networks": ["no-such-network"], "visibility": "networks"}, "networks"),
        ({"unit": ""}, "unit"),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(override: dict, field: str) -> None:
    org = plant()
    user = member_of(org)
    with pytest.raises(ValidationError) as exc:
        services.create_listing(user, org, publish=True, **need_fields(**override))
    assert field in refused_fields(exc)
    message = " ".join(exc.value.message_dict[field])
    assert "/" in message  # bilingual: "español / English"
    assert Listing.objects.count() == 0


def test_update_changes_only_what_is_given_and_refuses_bad_values() -> None:
    org = plant()
    user = member_of(org)
    listing = publish_need(org, user)
    updated = services.update_listing(user, listing, title="Piezas PP — segundo lote", quantity="30000")
    assert updated.title == "Piezas PP — segundo lote" and updated.quantity == Decimal("30000.00")
    assert updated.unit == "piezas" and updated.scian_id == "326192"
    with pytest.raises(ValidationError) as exc:
        services.update_listing(user, updated, budget_min="900000")
    assert "budget_max" in refused_fields(exc)
    assert Listing.objects.get(pk=listing.pk).budget_min == Decimal("100000.00")
    with pytest.raises(PermissionDenied):
        services.update_listing(member_of(supplier(), email="x@s.example"), updated, title="Mía")
    assert Listing.objects.get(pk=listing.pk).title == "Piezas PP — segundo lote"


def test_changing_the_kind_empties_the_other_kinds_fields() -> None:
    org = plant()
    user = member_of(org)
    listing = services.create_listing(user, org, **need_fields())
    offer = services.update_listing(user, listing, kind="offer", lead_time_days=10)
    assert offer.kind == "offer" and offer.quantity is None and offer.deadline is None and offer.unit == ""
    assert offer.lead_time_days == 10


def test_draft_then_publish_then_close_with_an_awarded_supplier() -> None:
    org, seller = plant(), supplier()
    user = member_of(org)
    draft = services.create_listing(user, org, **need_fields())
    assert draft.status == ListingStatus.DRAFT and draft.published_at is None
    services.publish_listing(user, draft)
    assert Listing.objects.get(pk=draft.pk).status == ListingStatus.PUBLISHED
    with pytest.raises(ValidationError):
        services.publish_listing(user, Listing.objects.get(pk=draft.pk))  # only drafts
    with pytest.raises(ValidationError) as exc:
        services.close_listing(user, draft, awarded_to=org)
    assert "awarded_to" in refused_fields(exc)
    closed = services.close_listing(user, Listing.objects.get(pk=draft.pk), awarded_to=seller)
    assert closed.status == ListingStatus.CLOSED and closed.awarded_to == seller and closed.closed_at
    with pytest.raises(ValidationError):
        services.update_listing(user, closed, title="Tarde")


def test_an_offer_is_not_awarded_and_outsiders_do_not_close() -> None:
    org = plant()
    user = member_of(org)
    offer = services.create_listing(
        user, org, publish=True, kind="offer", title="Capacidad de inyección", description="Turno libre."
    )
    with pytest.raises(ValidationError) as exc:
        services.close_listing(user, offer, awarded_to=supplier())
    assert "awarded_to" in refused_fields(exc)
    with pytest.raises(PermissionDenied):
        services.close_listing(make_user("otra@example.com"), offer)
    assert Listing.objects.get(pk=offer.pk).status == ListingStatus.PUBLISHED


def test_a_draft_whose_dates_passed_cannot_be_published() -> None:
    org = plant()
    user = member_of(org)
    draft = services.create_listing(user, org, **need_fields())
    Listing.objects.filter(pk=draft.pk).update(closes_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as exc:
        services.publish_listing(user, Listing.objects.get(pk=draft.pk))
    assert "closes_at" in refused_fields(exc)


def test_expire_listings_by_function_command_and_task(monkeypatch: pytest.MonkeyPatch) -> None:
    org = plant()
    user = member_of(org)
    first, second, third = (publish_need(org, user, title=f"RFQ {n}") for n in range(3))
    past = timezone.now() - dt.timedelta(minutes=1)
    Listing.objects.filter(pk__in=[first.pk, second.pk, third.pk]).update(closes_at=past)
    assert services.expire_listings() == 3
    assert set(Listing.objects.values_list("status", flat=True)) == {ListingStatus.EXPIRED}
    Listing.objects.update(status=ListingStatus.PUBLISHED)
    call_command("expire_listings", stdout=io.StringIO())
    assert Listing.objects.filter(status=ListingStatus.EXPIRED).count() == 3
    Listing.objects.update(status=ListingStatus.PUBLISHED)
    services.expire_listings_task.enqueue()
    # the worker closes "old" connections, which would end the test's transaction on PostgreSQL
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", batch=True, queue_name="*", interval=0, verbosity=0)
    assert Listing.objects.filter(status=ListingStatus.EXPIRED).count() == 3


def test_a_listing_still_open_does_not_expire() -> None:
    listing = publish_need(plant(), closes_at=future(3))
    assert services.expire_listings() == 0
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.PUBLISHED
