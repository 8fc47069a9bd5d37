from django import forms
from django.utils.translation import gettext_lazy as _

from td2035.dashboard import queries
from td2035.dashboard.models import Metric
from td2035.dashboard.services import FIRST_YEAR, LAST_YEAR
from td2035.reference.queries import municipality_names


class ScopeForm(forms.Form):
    """The dashboard's filters: one network (with its sub-networks) and/or one municipality."""

    red = forms.ChoiceField(label=_("Red (con sus sub-redes)"), required=False)
    municipio = forms.ChoiceField(label=_("Municipio"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.networks = {n.slug: n for n in queries.networks()}
        red, municipio = self.fields["red"], self.fields["municipio"]
        assert isinstance(red, forms.ChoiceField) and isinstance(municipio, forms.ChoiceField)
        red.choices = [("", _("Todas"))] + [(n.slug, n.name) for n in self.networks.values()]
        names = sorted(municipality_names().items(), key=lambda kv: kv[1])
        municipio.choices = [("", _("Todos")), *names]
        self.municipality_names = dict(names)


class TargetForm(forms.Form):
    metric = forms.ChoiceField(label=_("Indicador"), choices=Metric.choices)
    value = forms.FloatField(label=_("Meta (0–100)"), min_value=0, max_value=100)
    year = forms.IntegerField(label=_("Año"), min_value=FIRST_YEAR, max_value=LAST_YEAR, initial=2035)
    note = forms.CharField(label=_("Nota"), max_length=300, required=False)
