"""What a listing's values may be: limits, and the cleaning and checks every write of the market runs
before it stores anything. Bad values are collected in Refusals and raised together as one
ValidationError {field: [bilingual message]}."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from td2035.core.cleaning import as_id, strip_unstorable, year_refusal
from td2035.directory.models import Certification, Network
from td2035.market.models import (
    CollaborationType,
    JobType,
    Listing,
    ListingKind,
    Visibility,
)
from td2035.reference.models import Municipality, ScianCode, ScianLevel

MAX_TITLE = 200
MAX_DESCRIPTION = 5000
MAX_SHORT_TEXT = 2000
MAX_CERTIFICATIONS = 30
MAX_NETWORKS = 30
MAX_AMOUNT = Decimal("99999999999999.99")  # budgets: max_digits=16, decimal_places=2
MAX_QUANTITY = Decimal("999999999999.99")  # quantity: max_digits=14, decimal_places=2

TEXT_FIELDS = ("title", "description", "capabilities", "unit", "min_order", "partner_profile")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    ListingKind.NEED: ("quantity", "unit", "deadline", "budget_min", "budget_max"),
    ListingKind.OFFER: ("min_order", "lead_time_days", "service_area"),
    ListingKind.COLLABORATION: ("collaboration_type", "partner_profile"),
    ListingKind.JOB: ("job_type", "positions"),
}
EDITABLE = (
    "kind",
    "title",
    "description",
    "scian",
    "municipality",
    "capabilities",
    "certifications",
    "visibility",
    "networks",
    "closes_at",
    *(name for names in KIND_FIELDS.values() for name in names),
)
MANY_TO_MANY = ("networks", "service_area")


class Refusals:
    """Collects bilingual messages per field, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


# --- Validation of values. ---------------------------------------------------------------------------


def _text(value: Any, field: str, limit: int, errors: Refusals, *, required: bool = False) -> str:
    text = "" if value is None else str(value)
    if "\0" in text:
        errors.add(field, _("Contiene caracteres no válidos (NUL). / Contains invalid characters (NUL)."))
        return ""
    text = strip_unstorable(text.replace("\r\n", "\n")).strip()
    if required and not text:
        errors.add(field, _("Este campo es obligatorio. / This field is required."))
    if len(text) > limit:
        errors.add(
            field,
            _("Máximo %(n)s caracteres. / At most %(n)s characters.") % {"n": limit},
        )
    return text


def _decimal(
    value: Any, field: str, errors: Refusals, *, positive: bool, limit: Decimal = MAX_AMOUNT
) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add(field, _("Debe ser un número. / Must be a number."))
        return None
    if not number.is_finite() or abs(number) > limit:  # before quantize(), which overflows on huge ones
        errors.add(field, _("Número fuera de rango. / Number out of range."))
        return None
    number = number.quantize(Decimal("0.01"))
    if positive and number <= 0:
        errors.add(field, _("Debe ser mayor que cero. / Must be greater than zero."))
    elif number < 0:
        errors.add(field, _("No puede ser negativo. / May not be negative."))
    elif number > limit:  # rounded up past the column's digits
        errors.add(field, _("Número fuera de rango. / Number out of range."))
    return number


def _positive_int(value: Any, field: str, errors: Refusals, *, limit: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(float("inf"))
        errors.add(field, _("Debe ser un número entero. / Must be a whole number."))
        return None
    if number <= 0 or number > limit:
        errors.add(
            field, _("Debe estar entre 1 y %(n)s. / Must be between 1 and %(n)s.") % {"n": f"{limit:,}"}
        )
    return number


def _date(value: Any, field: str, errors: Refusals) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return _within_years(value.date(), field, errors)
    if isinstance(value, dt.date):
        return _within_years(value, field, errors)
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        errors.add(field, _("Fecha no válida (AAAA-MM-DD). / Invalid date (YYYY-MM-DD)."))
        return None
    return _within_years(day, field, errors)


def _within_years(day: dt.date, field: str, errors: Refusals) -> dt.date | None:
    """Dates far off (year 1, 9999) are typos, and they overflow when moved between time zones."""
    refusal = year_refusal(day)
    if refusal:
        errors.add(field, refusal)
        return None
    return day


def _datetime(value: Any, field: str, errors: Refusals) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(23, 59))
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError:
            errors.add(field, _("Fecha no válida (AAAA-MM-DD). / Invalid date (YYYY-MM-DD)."))
            return None
    if _within_years(moment.date(), field, errors) is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _scian(value: Any, errors: Refusals) -> ScianCode | None:
    if value in (None, ""):
        return None
    if isinstance(value, ScianCode):
        value = value.code
    code = strip_unstorable(value).strip()
    found = ScianCode.objects.filter(code=code, level=ScianLevel.CLASE).first()
    if found is None:
        errors.add(
            "scian",
            _(
                "«%(code)s» no es una clase SCIAN 2018 (6 dígitos). / «%(code)s» is not a SCIAN 2018 class (6 digits)."
            )
            % {"code": code[:20]},
        )
    return found


def _municipality(value: Any, field: str, errors: Refusals) -> Municipality | None:
    if value in (None, ""):
        return None
    if isinstance(value, Municipality):
        return value
    found = Municipality.objects.filter(cve_mun=strip_unstorable(value).strip()).first()
    if found is None:
        errors.add(
            field,
            _(
                "Municipio desconocido «%(v)s» (clave 001 a 018). / Unknown municipality «%(v)s» (key 001 to 018)."
            )
            % {"v": str(value)[:20]},
        )
    return found


def _municipalities(values: Iterable[Any], errors: Refusals) -> list[Municipality]:
    found = [_municipality(value, "service_area", errors) for value in values]
    return [m for m in found if m is not None]


def _certifications(values: Any, errors: Refusals) -> list[str]:
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = values.splitlines()
    names = [" ".join(strip_unstorable(v).split()) for v in values if str(v).strip()]
    if any("\0" in name for name in names):
        errors.add(
            "certifications", _("Contiene caracteres no válidos (NUL). / Contains invalid characters (NUL).")
        )
        return []
    if len(names) > MAX_CERTIFICATIONS:
        errors.add("certifications", _("Demasiadas certificaciones. / Too many certifications."))
        return []
    known = {n.lower(): n for n in Certification.objects.values_list("name", flat=True)}
    unknown = [n for n in names if n.lower() not in known]
    if unknown:
        errors.add(
            "certifications",
            _("Certificación desconocida: %(names)s. / Unknown certification: %(names)s.")
            % {"names": ", ".join(n[:60] for n in unknown[:5])},
        )
    return list(dict.fromkeys(known[n.lower()] for n in names if n.lower() in known))


def _networks(values: Iterable[Any], errors: Refusals) -> list[Network]:
    wanted: list[Any] = list(values or [])
    if len(wanted) > MAX_NETWORKS:
        errors.add("networks", _("Demasiadas redes. / Too many networks."))
        return []
    ids = [v.pk if isinstance(v, Network) else v for v in wanted]
    slugs = {strip_unstorable(v) for v in ids if isinstance(v, str) and not v.strip().isdigit()}
    numbers = [as_id(v) for v in ids if not isinstance(v, str) or v.strip().isdigit()]
    found = list(Network.objects.filter(pk__in=[n for n in numbers if n is not None]))
    found += list(Network.objects.filter(slug__in=slugs))
    if None in numbers or len({n.pk for n in found}) < len(set(map(str, ids))):
        errors.add("networks", _("Red desconocida. / Unknown network."))
    return found


def clean_fields(data: dict[str, Any], errors: Refusals) -> dict[str, Any]:
    """Checked and converted values of the fields given (missing ones are left out)."""
    cleaned: dict[str, Any] = {}
    limits = {"title": MAX_TITLE, "description": MAX_DESCRIPTION, "unit": 40, "min_order": 100}
    for name in TEXT_FIELDS:
        if name in data:
            required = name in ("title", "description")
            cleaned[name] = _text(
                data[name], name, limits.get(name, MAX_SHORT_TEXT), errors, required=required
            )
    if "kind" in data:
        if data["kind"] not in ListingKind.values:
            errors.add("kind", _("Tipo no válido: offer, need, collaboration o job. / Invalid kind."))
        cleaned["kind"] = data["kind"]
    if "visibility" in data:
        if data["visibility"] not in Visibility.values:
            errors.add("visibility", _("Visibilidad no válida: public o networks. / Invalid visibility."))
        cleaned["visibility"] = data["visibility"]
    if "collaboration_type" in data:
        value = data["collaboration_type"] or ""
        if value and value not in CollaborationType.values:
            errors.add(
                "collaboration_type", _("Tipo de colaboración no válido. / Invalid collaboration type.")
            )
        cleaned["collaboration_type"] = value
    if "job_type" in data:
        value = data["job_type"] or ""
        if value and value not in JobType.values:
            errors.add("job_type", _("Tipo de puesto no válido: job, internship o dual. / Invalid job type."))
        cleaned["job_type"] = value
    if "scian" in data:
        cleaned["scian"] = _scian(data["scian"], errors)
    if "municipality" in data:
        cleaned["municipality"] = _municipality(data["municipality"], "municipality", errors)
    if "certifications" in data:
        cleaned["certifications"] = _certifications(data["certifications"], errors)
    if "networks" in data:
        cleaned["networks"] = _networks(data["networks"] or [], errors)
    if "service_area" in data:
        cleaned["service_area"] = _municipalities(data["service_area"] or [], errors)
    if "quantity" in data:
        cleaned["quantity"] = _decimal(
            data["quantity"], "quantity", errors, positive=True, limit=MAX_QUANTITY
        )
    for name in ("budget_min", "budget_max"):
        if name in data:
            cleaned[name] = _decimal(data[name], name, errors, positive=False)
    if "lead_time_days" in data:
        cleaned["lead_time_days"] = _positive_int(
            data["lead_time_days"], "lead_time_days", errors, limit=3650
        )
    if "positions" in data:
        cleaned["positions"] = _positive_int(data["positions"], "positions", errors, limit=100_000)
    if "deadline" in data:
        cleaned["deadline"] = _date(data["deadline"], "deadline", errors)
    if "closes_at" in data:
        cleaned["closes_at"] = _datetime(data["closes_at"], "closes_at", errors)
    return cleaned


def check_listing(listing: Listing, errors: Refusals, *, changed: set[str]) -> None:
    """Rules across fields, on the listing as it would be saved. Dates are only checked when they
    change or the listing is (re)published, so an old listing can still be edited."""
    today = timezone.localdate()
    if (
        listing.budget_min is not None
        and listing.budget_max is not None
        and listing.budget_min > listing.budget_max
    ):
        errors.add(
            "budget_max",
            _("El presupuesto máximo es menor que el mínimo. / Maximum budget is below the minimum."),
        )
    if listing.deadline is not None and "deadline" in changed and listing.deadline < today:
        errors.add("deadline", _("La fecha límite ya pasó. / The deadline is in the past."))
    if listing.closes_at is not None and "closes_at" in changed:
        start = listing.published_at or timezone.now()
        if listing.closes_at <= start:
            errors.add(
                "closes_at",
                _(
                    "La fecha de cierre debe ser posterior a la publicación. / Closing must be after publishing."
                ),
            )
    if (
        listing.kind == ListingKind.NEED
        and listing.deadline is not None
        and listing.closes_at is not None
        and {"deadline", "closes_at"} & changed
        and timezone.localtime(listing.closes_at).date() > listing.deadline
    ):
        errors.add(
            "closes_at",
            _(
                "Las respuestas deben cerrar antes de la fecha límite de entrega. / "
                "Answers must close before the delivery deadline."
            ),
        )
    if listing.visibility == Visibility.NETWORKS and not final_networks(listing):
        errors.add("networks", _("Elige al menos una red. / Choose at least one network."))
    if listing.kind == ListingKind.NEED and listing.quantity is not None and not listing.unit:
        errors.add("unit", _("Indica la unidad de la cantidad. / Give the unit of the quantity."))


def final_networks(listing: Listing) -> list[Network]:
    """The networks the listing will be shown to: the ones being set, or else the saved ones."""
    pending = getattr(listing, "_pending_networks", None)
    if pending is not None:
        return list(pending)
    return list(listing.networks.all()) if listing.pk else []


def blank_other_kinds(values: dict[str, Any], kind: str) -> None:
    """Fields of other kinds are emptied so that a listing never carries stale ones."""
    blanks: dict[str, Any] = {
        "quantity": None,
        "unit": "",
        "deadline": None,
        "budget_min": None,
        "budget_max": None,
        "min_order": "",
        "lead_time_days": None,
        "service_area": [],
        "collaboration_type": "",
        "partner_profile": "",
        "job_type": "",
        "positions": None,
    }
    own = KIND_FIELDS.get(kind, ())
    for name, blank in blanks.items():
        if name not in own:
            values[name] = blank
