from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from td2035.directory.models import Organization
from td2035.inquiries.services import MAX_BODY, MAX_FILES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to MAX_FILES files; their content is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Mensaje"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Escribe tu mensaje. / Write your message.")},
    )
    attachments = MultipleFileField(
        label=_("Adjuntos (opcional)"),
        required=False,
        help_text=_("Hasta %(n)s archivos PDF, PNG, JPEG o WebP de 10 MB cada uno.") % {"n": MAX_FILES},
    )
    share_email = forms.BooleanField(
        label=_("Compartir mi correo electrónico con la otra organización en esta consulta"),
        required=False,
        help_text=_("Si no lo marcas, nadie ve tu correo: solo el nombre de tu organización."),
    )

    def clean_body(self) -> str:
        return str(self.cleaned_data["body"]).replace("\x00", "").strip()


class StartForm(MessageForm):
    organization = forms.ModelChoiceField(
        label=_("Consultar en nombre de"),
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    field_order = ["organization", "body", "attachments", "share_email"]

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations]).order_by("name")
        if len(organizations) == 1:
            field.initial = organizations[0].pk
