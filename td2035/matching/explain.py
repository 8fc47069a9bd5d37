"""Structured reasons of the engine rendered as one human sentence, in the active language."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from td2035.matching.engine import Reason


def fragment(reason: Reason) -> str:
    d = reason.detail
    match (reason.signal, reason.code):
        case ("scian", "same_class"):
            return _("misma clase SCIAN %(code)s") % {"code": d}
        case ("scian", "same_rama"):
            return _("misma rama SCIAN %(code)s") % {"code": d}
        case ("scian", "same_subsector"):
            return _("mismo subsector SCIAN %(code)s") % {"code": d}
        case ("scian", "value_chain"):
            return _("sector proveedor habitual (SCIAN %(code)s)") % {"code": d}
        case ("certifications", "all_held"):
            return _("certificación %(names)s") % {"names": d}
        case ("certifications", "some_held"):
            return _("solo parte de las certificaciones: %(names)s") % {"names": d}
        case ("certifications", "none_held"):
            return _("sin %(names)s") % {"names": d}
        case ("text", _code):
            return _("coincide en: %(words)s") % {"words": d}
        case ("distance", _code):
            return _("a %(km)s km") % {"km": d}
        case ("verified", _code):
            return _("verificada")
        case ("size", "micro"):
            return _("microempresa")
        case ("size", "small"):
            return _("pequeña empresa")
    return ""


def explanation(reasons: Iterable[Reason]) -> str:
    """ "misma rama SCIAN 3261; certificación IATF 16949; a 12 km; microempresa"."""
    return "; ".join(filter(None, (fragment(r) for r in reasons)))


def reasons_json(reasons: Iterable[Reason]) -> list[dict[str, object]]:
    return [{**r.as_dict(), "text": fragment(r)} for r in reasons]
