"""Forms of the market pages. They only parse input; market.services decides what is allowed and its
refusals are shown next to the field they name (`show_refusals`)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from td2035.core.cleaning import check_year
from td2035.directory.models import Certification, Network
from td2035.market.models import CollaborationType, JobType, ListingKind, Visibility
from td2035.market.validation import KIND_FIELDS, MAX_DESCRIPTION, MAX_TITLE
from td2035.reference.queries import municipality_names

COMMON = (
    "title",
    "description",
    "scian",
    "municipality",
    "capabilities",
    "certifications",
    "closes_at",
    "visibility",
    "networks",
)


def _municipality_choices(blank: bool) -> list[tuple[str, Any]]:
    choices = sorted(municipality_names().items(), key=lambda item: item[1])
    return ([("", _("— Elige —"))] if blank else []) + choices


class ListingForm(forms.Form):
    """One form for every kind; `kind` removes the fields of the other kinds."""

    title = forms.CharField(label=_("Título"), max_length=MAX_TITLE + 50)
    description = forms.CharField(
        label=_("Descripción"), widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_DESCRIPTION + 500
    )
    scian = forms.CharField(
        label=_("Clase SCIAN (6 dígitos)"),
        required=False,
        max_length=20,
        help_text=_(
            "p. ej. 326199 (fabricación de otros productos de plástico). Escribe una palabra o la clave "
            "para ver sugerencias."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "scian-classes"}),
    )
    municipality = forms.ChoiceField(label=_("Municipio"), required=False)
    capabilities = forms.CharField(
        label=_("Capacidades"),
        required=False,
        help_text=_("Una por línea."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    certifications = forms.MultipleChoiceField(
        label=_("Certificaciones"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    closes_at = forms.DateField(
        label=_("Recibe respuestas hasta"),
        required=False,
        help_text=_("Después de esta fecha la publicación vence."),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[check_year],
    )
    visibility = forms.ChoiceField(
        label=_("¿Quién la ve?"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    networks = forms.MultipleChoiceField(
        label=_("Redes que la ven (incluye sus sub-redes)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # need
    quantity = forms.DecimalField(label=_("Cantidad"), required=False, max_digits=14, decimal_places=2)
    unit = forms.CharField(
        label=_("Unidad"), required=False, max_length=60, help_text=_("p. ej. piezas, kg, horas")
    )
    deadline = forms.DateField(
        label=_("Fecha límite de entrega"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[check_year],
    )
    budget_min = forms.DecimalField(
        label=_("Presupuesto mínimo (MXN)"), required=False, max_digits=16, decimal_places=2
    )
    budget_max = forms.DecimalField(
        label=_("Presupuesto máximo (MXN)"), required=False, max_digits=16, decimal_places=2
    )
    # offer
    min_order = forms.CharField(label=_("Pedido mínimo"), required=False, max_length=120)
    lead_time_days = forms.IntegerField(label=_("Tiempo de entrega (días)"), required=False)
    service_area = forms.MultipleChoiceField(
        label=_("Zona de servicio"), required=False, widget=forms.CheckboxSelectMultiple
    )
    # collaboration
    collaboration_type = forms.ChoiceField(
        label=_("Tipo de colaboración"),
        required=False,
        choices=[("", _("— Elige —")), *CollaborationType.choices],
    )
    partner_profile = forms.CharField(
        label=_("Perfil del socio que buscas"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # job
    job_type = forms.ChoiceField(
        label=_("Tipo de puesto"), required=False, choices=[("", _("— Elige —")), *JobType.choices]
    )
    positions = forms.IntegerField(label=_("Plazas"), required=False)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = set(COMMON) | set(KIND_FIELDS.get(kind, ()))
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["municipality"].choices = _municipality_choices(blank=True)  # type: ignore[attr-defined]
        names = list(Certification.objects.order_by("name").values_list("name", flat=True))
        self.fields["certifications"].choices = [(n, n) for n in names]  # type: ignore[attr-defined]
        self.fields["certifications"].label = (
            _("Certificaciones requeridas") if kind == ListingKind.NEED else _("Certificaciones que tienes")
        )
        networks = Network.objects.order_by("name").values_list("slug", "name")
        self.fields["networks"].choices = list(networks)  # type: ignore[attr-defined]
        if "service_area" in self.fields:
            self.fields["service_area"].choices = _municipality_choices(blank=False)  # type: ignore[attr-defined]
        if kind == ListingKind.JOB:
            self.fields["scian"].label = _("Clase SCIAN del puesto (6 dígitos)")

    def service_data(self) -> dict[str, Any]:
        """The cleaned values, named as market.services expects them."""
        data = dict(self.cleaned_data)
        data["kind"] = self.kind
        return data

    def show_refusals(self, exc: ValidationError) -> None:
        """A service's refusals next to their fields (or on top when the form has no such field)."""
        for field, messages in exc.message_dict.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


def initial_of(listing: Any) -> dict[str, Any]:
    """The form's initial values for an existing listing."""
    return {
        "title": listing.title,
        "description": listing.description,
        "scian": listing.scian_id or "",
        "municipality": listing.municipality_id or "",
        "capabilities": listing.capabilities,
        "certifications": listing.certifications,
        "closes_at": listing.closes_at.date() if listing.closes_at else None,
        "visibility": listing.visibility,
        "networks": [n.slug for n in listing.networks.all()],
        "quantity": listing.quantity,
        "unit": listing.unit,
        "deadline": listing.deadline,
        "budget_min": listing.budget_min,
        "budget_max": listing.budget_max,
        "min_order": listing.min_order,
        "lead_time_days": listing.lead_time_days,
        "service_area": [m.cve_mun for m in listing.service_area.all()],
        "collaboration_type": listing.collaboration_type,
        "partner_profile": listing.partner_profile,
        "job_type": listing.job_type,
        "positions": listing.positions,
    }


class CloseForm(forms.Form):
    awarded_to = forms.CharField(
        label=_("Proveedor elegido (opcional)"),
        required=False,
        max_length=200,
        help_text=_(
            "El identificador de su perfil en el directorio (lo que sigue a /organizaciones/ en su dirección) o esa dirección completa."
        ),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Archivo (PDF, PNG, JPEG o WebP; hasta 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.webp"}),
    )
