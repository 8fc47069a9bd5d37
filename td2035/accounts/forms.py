from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from td2035.accounts.models import User


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
