"""Forms of the registration wizard, claims, profile editing and people. They parse and explain bad
input; the rules about who may do what live in registration.organizations, registration.claims and registration.invitations."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from td2035.directory.models import OrganizationKind
from td2035.reference.models import ScianCode, ScianLevel
from td2035.reference.queries import municipality_names
from td2035.reference.rfc import check_rfc
from td2035.roles.models import OrganizationRole

MAX_EMPLOYEES = 10_000_000
MAX_SALES_MXN = Decimal("1e15")
KIND_CHOICES = [(k.value, k.label) for k in OrganizationKind if k != OrganizationKind.COORDINATION]
ROLE_CHOICES = OrganizationRole.Role.choices


def municipality_choices() -> list[tuple[str, Any]]:
    return [("", _("Elige un municipio")), *sorted(municipality_names().items(), key=lambda kv: kv[1])]


def parse_sales(raw: str) -> Decimal | None:
    """Pesos as people write them: 12500000, $12,500,000, 12 500 000 MXN. Empty is None."""
    text = (raw or "").replace("$", "").replace(",", "").replace(" ", "").upper().removesuffix("MXN")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError(_("Escribe las ventas anuales con números, p. ej. 12500000.")) from None
    if not value.is_finite() or value < 0:
        raise forms.ValidationError(_("Las ventas anuales deben ser un número positivo o cero."))
    if value > MAX_SALES_MXN:
        raise forms.ValidationError(_("Las ventas anuales son demasiado grandes."))
    return value.quantize(Decimal("0.01"))


def clean_rfc_value(value: str) -> str:
    if not value.strip():
        return ""
    result = check_rfc(value)
    if not result.is_valid:
        raise forms.ValidationError(
            _("El RFC no es válido (revisa las letras, la fecha y el dígito verificador): %(error)s"),
            params={"error": result.error},
        )
    return result.value


def clean_scian_class(value: str) -> str:
    code = (value or "").strip()
    if not ScianCode.objects.filter(code=code, level=ScianLevel.CLASE).exists():
        raise forms.ValidationError(_("Elige una clase de actividad SCIAN de 6 dígitos de la lista."))
    return code


class IdentityForm(forms.Form):
    """Step 1: who the organisation is."""

    kind = forms.ChoiceField(
        label=_("Tipo de organización"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Elige el tipo de organización.")},
    )
    name = forms.CharField(
        label=_("Nombre comercial"),
        max_length=255,
        help_text=_("Como la conocen sus clientes, p. ej. «Plásticos del Bajío»."),
        error_messages={"required": _("Escribe el nombre de la organización.")},
    )
    legal_name = forms.CharField(
        label=_("Razón social"),
        max_length=255,
        required=False,
        help_text=_("Opcional. P. ej. «Plásticos del Bajío S.A. de C.V.»."),
    )
    rfc = forms.CharField(
        label="RFC",
        max_length=20,
        required=False,
        help_text=_(
            "Obligatorio para empresas: 12 caracteres (persona moral) o 13 (persona física). "
            "Opcional para las demás organizaciones."
        ),
    )

    def clean_rfc(self) -> str:
        return clean_rfc_value(self.cleaned_data.get("rfc", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == OrganizationKind.COMPANY and not data.get("rfc") and "rfc" not in self.errors:
            self.add_error("rfc", _("Las empresas deben escribir su RFC."))
        return data


class ActivityForm(forms.Form):
    """Step 2: what it does and where."""

    scian = forms.CharField(
        label=_("Actividad principal (SCIAN 2018)"),
        max_length=6,
        error_messages={"required": _("Elige la actividad principal de la lista.")},
    )
    municipality = forms.ChoiceField(
        label=_("Municipio"),
        choices=municipality_choices,
        error_messages={
            "required": _("Elige el municipio donde está la organización."),
            "invalid_choice": _("Elige uno de los 18 municipios de Querétaro."),
        },
    )

    def clean_scian(self) -> str:
        return clean_scian_class(self.cleaned_data.get("scian", ""))


class SizeForm(forms.Form):
    """Step 3: the size calculator (DOF 2009); both numbers are optional."""

    employees = forms.IntegerField(
        label=_("Personas que trabajan en la organización"),
        required=False,
        min_value=0,
        max_value=MAX_EMPLOYEES,
        help_text=_("Total de personal ocupado, incluidos los dueños que trabajan en ella."),
        error_messages={
            "invalid": _("El número de personas debe ser un número entero, p. ej. 12."),
            "min_value": _("El número de personas no puede ser negativo."),
            "max_value": _("El número de personas no puede pasar de 10,000,000."),
        },
    )
    annual_sales_mxn = forms.CharField(
        label=_("Ventas anuales en pesos (MXN)"),
        required=False,
        max_length=40,
        help_text=_("Ventas del último año, p. ej. 12500000 o $12,500,000."),
    )

    def clean_annual_sales_mxn(self) -> Decimal | None:
        return parse_sales(self.cleaned_data.get("annual_sales_mxn", ""))


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Declaro que trabajo en esta organización y puedo representarla."),
        error_messages={"required": _("Confirma que puedes representar a la organización.")},
    )


class ClaimForm(ConfirmForm):
    message = forms.CharField(
        label=_("Mensaje para quien verifica"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Opcional: tu puesto y cómo comprobar que trabajas ahí (p. ej. tu correo de la empresa)."
        ),
    )


def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").replace(",", "\n").splitlines() if line.strip()]


class ProfileForm(forms.Form):
    """Every public field of a profile. Text is plain text: markup is removed when saved."""

    name = forms.CharField(label=_("Nombre comercial"), max_length=255)
    legal_name = forms.CharField(label=_("Razón social"), max_length=255, required=False)
    kind = forms.ChoiceField(label=_("Tipo de organización"), choices=OrganizationKind.choices)
    rfc = forms.CharField(label="RFC", max_length=20, required=False)
    scian = forms.CharField(
        label=_("Actividad principal (clave SCIAN de 6 dígitos)"),
        max_length=6,
        required=False,
        help_text=_("P. ej. 326199. Búscala en el registro o en el directorio."),
    )
    municipality = forms.ChoiceField(label=_("Municipio"), choices=municipality_choices, required=False)
    address = forms.CharField(label=_("Domicilio"), max_length=300, required=False)
    postal_code = forms.RegexField(
        label=_("Código postal"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("El código postal tiene 5 dígitos.")},
    )
    phone = forms.CharField(label=_("Teléfono"), max_length=30, required=False)
    email = forms.EmailField(label=_("Correo electrónico de contacto"), required=False)
    website = forms.URLField(label=_("Sitio web"), required=False, assume_scheme="https")
    description_es = forms.CharField(
        label=_("Descripción (español)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    description_en = forms.CharField(
        label=_("Descripción (inglés)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    products = forms.CharField(
        label=_("Productos y servicios"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Uno por línea."),
    )
    capabilities = forms.CharField(
        label=_("Capacidades"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Una por línea."),
    )
    certifications = forms.CharField(
        label=_("Certificaciones"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Una por línea, p. ej. ISO 9001, IATF 16949."),
    )
    year_founded = forms.IntegerField(
        label=_("Año de fundación"), min_value=1800, max_value=2100, required=False
    )
    employees = forms.IntegerField(
        label=_("Personas que trabajan en la organización"),
        min_value=0,
        max_value=MAX_EMPLOYEES,
        required=False,
    )
    annual_sales_mxn = forms.CharField(
        label=_("Ventas anuales en pesos (MXN)"), max_length=40, required=False
    )

    def __init__(self, *args: Any, coordination: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not coordination:  # only platform admins make an organisation the Coordination
            self.fields["kind"].choices = KIND_CHOICES  # type: ignore[attr-defined]

    def clean_rfc(self) -> str:
        return clean_rfc_value(self.cleaned_data.get("rfc", ""))

    def clean_scian(self) -> str | None:
        code = self.cleaned_data.get("scian", "")
        return clean_scian_class(code) if code else None

    def clean_annual_sales_mxn(self) -> Decimal | None:
        return parse_sales(self.cleaned_data.get("annual_sales_mxn", ""))

    def clean_municipality(self) -> str | None:
        return self.cleaned_data.get("municipality") or None

    def service_fields(self) -> tuple[dict[str, Any], list[str]]:
        """The cleaned data as registration.update_profile's fields, and the certification names."""
        data = dict(self.cleaned_data)
        certifications = lines(data.pop("certifications", ""))
        data["scian_id"] = data.pop("scian")
        data["municipality_id"] = data.pop("municipality")
        return data, certifications

    @classmethod
    def initial_for(cls, org: Any) -> dict[str, Any]:
        return {
            **{name: getattr(org, name) for name in cls.base_fields if hasattr(org, name)},
            "scian": org.scian_id or "",
            "municipality": org.municipality_id or "",
            "certifications": "\n".join(org.certifications.values_list("name", flat=True)),
            "annual_sales_mxn": "" if org.annual_sales_mxn is None else f"{org.annual_sales_mxn:f}",
        }


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Logotipo"),
        help_text=_("PNG, JPEG, GIF o WebP de hasta 2 MB. Lo convertimos a PNG de 512 píxeles como máximo."),
        error_messages={"required": _("Elige un archivo de imagen."), "empty": _("El archivo está vacío.")},
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )


VERIFIED_REFUSAL = _("«verified» es 1 (verificar) o 0 (retirar la verificación). / «verified» is 1 or 0.")


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Correo electrónico de tu colega"),
        error_messages={
            "required": _("Escribe un correo."),
            "invalid": _("Escribe un correo electrónico válido."),
        },
    )
    role = forms.ChoiceField(label=_("Rol"), choices=ROLE_CHOICES, initial=OrganizationRole.Role.MEMBER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No maxlength in the page: a browser would cut a pasted address silently and invite someone
        # else; the service refuses a long one with a message instead.
        self.fields["email"].widget.attrs.pop("maxlength", None)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=ROLE_CHOICES)
