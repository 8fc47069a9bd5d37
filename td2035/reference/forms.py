"""The company-size form: plain-language errors for every bad input."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from td2035.reference.company_size import SIZE_SECTOR_LABELS, SizeSector

MAX_EMPLOYEES = 10_000_000
MAX_SALES_MXN = Decimal("1e15")


class CompanySizeForm(forms.Form):
    employees = forms.IntegerField(
        label=_("Personas que trabajan en la empresa"),
        help_text=_("Total de personal ocupado, incluidos los dueños que trabajan en ella."),
        min_value=0,
        max_value=MAX_EMPLOYEES,
        error_messages={
            "required": _("Escribe cuántas personas trabajan en la empresa."),
            "invalid": _("El número de personas debe ser un número entero, p. ej. 12."),
            "min_value": _("El número de personas no puede ser negativo."),
            "max_value": _("El número de personas no puede pasar de 10,000,000."),
        },
    )
    annual_sales_mxn = forms.CharField(
        label=_("Ventas anuales en pesos (MXN)"),
        help_text=_("Ventas del último año, en pesos; p. ej. 12500000 o $12,500,000."),
        max_length=40,
        error_messages={
            "required": _("Escribe las ventas anuales en pesos (puede ser 0)."),
            "max_length": _("Las ventas anuales son demasiado largas para ser un número."),
        },
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[(s.value, SIZE_SECTOR_LABELS[s]) for s in SizeSector],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Elige el sector: industria, comercio o servicios."),
            "invalid_choice": _("Elige el sector: industria, comercio o servicios."),
        },
    )

    def clean_annual_sales_mxn(self) -> Decimal:
        raw = self.cleaned_data["annual_sales_mxn"]
        text = raw.replace("$", "").replace(",", "").replace(" ", "").upper().removesuffix("MXN")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(
                _("Escribe las ventas anuales con números, p. ej. 12500000."), code="invalid"
            ) from None
        if not value.is_finite():
            raise forms.ValidationError(_("Escribe las ventas anuales con números, p. ej. 12500000."))
        if value < 0:
            raise forms.ValidationError(_("Las ventas anuales no pueden ser negativas."), code="min_value")
        if value > MAX_SALES_MXN:
            raise forms.ValidationError(_("Las ventas anuales son demasiado grandes."), code="max_value")
        return value

    def cleaned_sector(self) -> SizeSector:
        return SizeSector(self.cleaned_data["sector"])
