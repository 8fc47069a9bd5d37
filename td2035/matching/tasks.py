"""Background work of matching (queue "alerts"): never inside a request."""

from django_tasks import task

from td2035.matching import alerts


@task(queue_name="alerts")
def alert_for_listing(listing_id: int) -> int:
    return alerts.alert_for_listing(listing_id)


@task(queue_name="alerts")
def send_match_digests() -> int:
    return alerts.send_digests()


def on_listing_published(sender: object, listing_id: int, **kwargs: object) -> None:
    """listing_published is sent on commit: queue the alerts for the worker."""
    alert_for_listing.enqueue(listing_id)
