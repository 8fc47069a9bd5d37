from django import forms
from django.utils.translation import gettext_lazy as _

from td2035.matching.models import Frequency


class AlertPreferenceForm(forms.Form):
    organization = forms.IntegerField(widget=forms.HiddenInput)
    frequency = forms.ChoiceField(label=_("Frecuencia"), choices=Frequency.choices)
    threshold = forms.IntegerField(
        label=_("Puntuación mínima (0 a 100)"),
        min_value=0,
        max_value=100,
        help_text=_("Solo te avisamos de coincidencias con esta puntuación o más."),
    )
