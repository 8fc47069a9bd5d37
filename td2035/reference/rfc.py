"""RFC (Registro Federal de Contribuyentes) validation, with its check digit, via python-stdnum."""

from dataclasses import dataclass

from stdnum.exceptions import ValidationError
from stdnum.mx import rfc as stdnum_rfc


@dataclass(frozen=True)
class RfcCheck:
    value: str
    is_valid: bool
    is_company: bool = False
    error: str = ""


def check_rfc(value: str) -> RfcCheck:
    """Validate a person's (13 characters) or company's (12) RFC, check digit included."""
    compact = stdnum_rfc.compact(value or "")
    try:
        stdnum_rfc.validate(compact, validate_check_digits=True)
    except ValidationError as exc:
        return RfcCheck(compact, False, error=str(exc) or exc.__class__.__name__)
    return RfcCheck(compact, True, is_company=len(compact) == 12)


def normalize_rfc(value: str) -> str:
    """The compact, upper-case form used for storage; raises ValueError if invalid."""
    result = check_rfc(value)
    if not result.is_valid:
        raise ValueError(result.error)
    return result.value
