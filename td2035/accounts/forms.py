"""Forms of the account pages: the name at sign-up and after, API tokens, the audit log filter."""

from datetime import date
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from td2035.accounts.models import ApiToken, User
from td2035.accounts.tokens import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS
from td2035.core.cleaning import check_year


class SignupExtraForm(forms.Form):
    """What allauth's sign-up form adds to e-mail and password: the person's name. The privacy app's form
    (ACCOUNT_SIGNUP_FORM_CLASS) builds on this one and adds the consent to the privacy notice."""

    full_name = forms.CharField(
        label=_("Nombre completo"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def signup(self, request: HttpRequest, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.save(update_fields=["full_name"])


class NameForm(forms.Form):
    full_name = forms.CharField(
        label=_("Nombre completo"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )


# --- API tokens and the audit log filter ---------------------------------------------------------------


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nombre"),
        max_length=100,
        help_text=_("Para reconocerlo después, p. ej. «Sincronización con nuestro ERP»."),
    )
    scope = forms.ChoiceField(
        label=_("Alcance"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        help_text=_("Escritura permite registrar organizaciones y editar los perfiles que administras."),
    )
    days = forms.TypedChoiceField(label=_("Vigencia"), coerce=int, initial=DEFAULT_EXPIRY_DAYS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["days"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(d, ngettext("%(n)d día", "%(n)d días", d) % {"n": d}) for d in EXPIRY_DAYS]


class AuditFilterForm(forms.Form):
    """Every field optional; invalid values are simply not applied (the page still answers)."""

    action = forms.ChoiceField(label=_("Acción"), required=False)
    actor = forms.CharField(
        label=_("Quién (correo)"), required=False, max_length=254, help_text=_("Parte del correo basta.")
    )
    since = forms.DateField(
        label=_("Desde"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[check_year],
    )
    until = forms.DateField(
        label=_("Hasta"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[check_year],
    )

    def __init__(self, *args: object, actions: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["action"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Todas"))] + [(a, a) for a in actions]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if isinstance(since, date) and isinstance(until, date) and since > until:
            self.add_error("until", _("«Hasta» es anterior a «Desde»."))
        return cleaned
