"""The Django admin's date and date-time fields refuse years outside cleaning.check_year's range, as
the site's own forms do: a year like 9999 overflows when moved between time zones, and the admin writes
rows without going through the services."""

from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest

from td2035.core.cleaning import check_year


class BoundedDatesAdmin:
    """Mixin for ModelAdmin and InlineModelAdmin classes (before them in the bases)."""

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        formfield: forms.Field | None = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if formfield is not None and isinstance(db_field, models.DateField):  # DateTimeField included
            formfield.validators = [*formfield.validators, check_year]
        return formfield
