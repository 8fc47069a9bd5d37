"""Signals of the maturity app. `assessment_completed` is sent on transaction commit with
sender=Assessment and assessment_id=int."""

from django.dispatch import Signal

assessment_completed = Signal()
