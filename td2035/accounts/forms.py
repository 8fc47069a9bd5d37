from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from td2035.accounts.models import User
from td2035.privacy import notices


class SignupExtraForm(forms.Form):
    """Added to allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS): the name and the privacy consent."""

    full_name = forms.CharField(
        label=_("Nombre completo"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    accept_privacy = forms.BooleanField(
        label=_("He leído y acepto el aviso de privacidad."),
        required=True,
        error_messages={"required": _("Para crear una cuenta necesitas aceptar el aviso de privacidad.")},
    )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def signup(self, request: HttpRequest, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.save(update_fields=["full_name"])
        notice = notices.current_notice()
        if notice is not None:
            notices.record_consent(user=user, notice=notice, request=request)


class NameForm(forms.Form):
    full_name = forms.CharField(
        label=_("Nombre completo"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
