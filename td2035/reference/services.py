"""Writes to reference data. The data arrive with migrations; this only restores them if a test
database flush (or an operator) emptied the tables."""

from django.db import transaction

from td2035.reference import loaders
from td2035.reference.models import Municipality, ScianCode


@transaction.atomic
def ensure_reference_data() -> None:
    if not ScianCode.objects.exists():
        loaders.load_scian(ScianCode)
    if not Municipality.objects.exists():
        loaders.load_municipalities(Municipality)
