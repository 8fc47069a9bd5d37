"""Forms of the network admin pages and of the join request. They only parse input; the services in
network_admin decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from td2035.directory.models import Organization
from td2035.networks_admin.services import MESSAGE_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), max_length=200, required=False, strip=True)


class InviteForm(forms.Form):
    """Invite one organisation or one network, by slug (the buttons next to each search result)."""

    organization = forms.SlugField(required=False, max_length=120, widget=forms.HiddenInput)
    network = forms.SlugField(required=False, max_length=120, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Mensaje (opcional)"), max_length=MESSAGE_LENGTH, required=False, widget=forms.Textarea
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if bool(data.get("organization")) == bool(data.get("network")):
            raise forms.ValidationError(
                _("Elige una organización o una red para invitar. / Choose one organization or network.")
            )
        return data


class JoinRequestForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organización que solicita unirse"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        empty_label=None,
        error_messages={
            "invalid_choice": _(
                "Elige una organización que administres y que aún no sea miembro. / Choose an "
                "organization you run that is not a member yet."
            )
        },
    )
    message = forms.CharField(
        label=_("Mensaje para la red (opcional)"),
        max_length=MESSAGE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: object, organizations: list[Organization], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations]).order_by("name")


class VerifyForm(forms.Form):
    verified = forms.TypedChoiceField(
        choices=[("1", _("Verificar")), ("0", _("Retirar la verificación"))], coerce=lambda v: v == "1"
    )
