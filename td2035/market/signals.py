"""Signals of the market. listing_published(sender=Listing, listing_id=int) is sent on transaction commit
when a listing becomes published (matching and alerts listen to it)."""

from django.dispatch import Signal

listing_published = Signal()
