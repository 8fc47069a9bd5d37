from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from td2035.accounts.forms import SignupExtraForm
from td2035.accounts.models import User
from td2035.privacy import notices
from td2035.privacy.models import ArcoRequest


class TickedBox(forms.CheckboxInput):
    """A checkbox that counts only when ticked: a browser sends "on" for a box without a value. Django's
    own reads "off", "no" or "2" as ticked too, which is no consent."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool:
        return data.get(name) == "on"


class SignupForm(SignupExtraForm):
    """Added to allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS): the name (accounts) and the consent to
    the current privacy notice, recorded with its version and the address."""

    accept_privacy = forms.BooleanField(
        label=_("He leído y acepto el aviso de privacidad."),
        required=True,
        widget=TickedBox,
        error_messages={"required": _("Para crear una cuenta necesitas aceptar el aviso de privacidad.")},
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        super().signup(request, user)
        notice = notices.current_notice()
        if notice is not None:
            notices.record_consent(user=user, notice=notice, request=request)


class ConsentForm(forms.Form):
    accept_privacy = forms.BooleanField(
        label=_("He leído el aviso de privacidad y lo acepto."),
        required=True,
        widget=TickedBox,
        error_messages={"required": _("Marca la casilla para aceptar el aviso, o sal de tu cuenta.")},
    )


class PreferencesForm(forms.Form):
    email_opt_out = forms.BooleanField(
        label=_("No quiero recibir correos opcionales (boletines, resúmenes, invitaciones)."),
        required=False,
        help_text=_("Los correos de seguridad de tu cuenta siempre llegan."),
    )
    show_contact = forms.BooleanField(
        label=_("Mostrar mi nombre y correo como contacto en los perfiles de mis organizaciones."),
        required=False,
    )


class ArcoRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Derecho que quieres ejercer"), choices=ArcoRequest.Kind.choices)
    details = forms.CharField(
        label=_("Describe tu solicitud"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Indica qué datos y qué quieres que hagamos con ellos."),
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Entiendo que mi cuenta se elimina para siempre y que no se puede deshacer."),
        required=True,
        error_messages={"required": _("Marca la casilla para confirmar.")},
    )


class ResolveArcoForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Resultado"),
        choices=[
            (ArcoRequest.Status.RESOLVED, _("Atendida")),
            (ArcoRequest.Status.REJECTED, _("Improcedente")),
        ],
    )
    resolution = forms.CharField(
        label=_("Respuesta dada a la persona"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
