"""Names shown for the keys of the figures (Spanish msgids, English through the catalogue)."""

from django.utils.translation import gettext_lazy as _

from td2035.directory.models import OrganizationKind, SizeChoices
from td2035.maturity.models import Band
from td2035.reference.queries import municipality_names, sector_choices

DIMENSIONS = {
    "digital_business_strategy": _("Estrategia digital del negocio"),
    "digital_readiness": _("Preparación digital"),
    "human_centric_digitalisation": _("Digitalización centrada en las personas"),
    "data_management": _("Gestión y protección de datos"),
    "automation_ai": _("Automatización e inteligencia artificial"),
    "green_digitalisation": _("Digitalización verde"),
}
UNKNOWN = _("No informado")


def dimension(key: str) -> str:
    return str(DIMENSIONS.get(key, key))


def kind(key: str) -> str:
    return str(dict(OrganizationKind.choices).get(key, UNKNOWN)) if key else str(UNKNOWN)


def size(key: str) -> str:
    return str(dict(SizeChoices.choices).get(key, UNKNOWN)) if key else str(UNKNOWN)


def band(key: str) -> str:
    return str(dict(Band.choices).get(key, key))


def sector(key: str) -> str:
    return dict(sector_choices()).get(key, key) if key else str(UNKNOWN)


def municipality(key: str) -> str:
    return municipality_names().get(key, key) if key else str(UNKNOWN)


BY = {"kind": kind, "size": size, "sector": sector, "municipality": municipality}
SIZE_ORDER = [value for value, _label in SizeChoices.choices]
BAND_ORDER = [value for value, _label in Band.choices]
