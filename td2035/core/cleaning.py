"""People's input made safe to store, in one place for every app: text without what a database cannot
hold (NUL, other control characters, lone surrogates), plain text without markup, ids that fit a
database column, and dates within the years the platform plans for.

Services call these before writing, so the HTML forms and the API get the same treatment; forms use
`check_year` as a field validator so that the person sees the message next to the field.
"""

import datetime as dt
import html
import re

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# NUL (PostgreSQL refuses it in text), the other C0 controls but tab and line ends, DEL, and lone
# surrogates (JSON may carry "\ud800"; it cannot be encoded as UTF-8, so no database stores it).
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# Dates people give (closing dates, deadlines, filters) are kept within these years: a date beyond
# them is a typo, and the extremes (year 1, 9999) overflow when moved between time zones.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
MAX_ID = 2**63 - 1  # the largest value of a 64-bit id column (BigAutoField)


def strip_unstorable(value: object) -> str:
    """The text without NUL, other control characters (tab and line ends are kept) or lone surrogates."""
    return _UNSTORABLE.sub("", "" if value is None else str(value))


def plain_text(value: str | None, *, one_line: bool = False) -> str:
    """User text as plain text: markup removed (script and style with their content), entities
    decoded, control characters and lone surrogates dropped, line ends normalised. Templates escape it
    when shown."""
    text = strip_unstorable((value or "").replace("\r\n", "\n").replace("\r", "\n"))
    if "<" in text or "&" in text:
        text = strip_unstorable(html.unescape(nh3.clean(text, tags=set(), attributes={})))
    if one_line:
        return " ".join(text.split())
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def as_id(value: object) -> int | None:
    """A database id from what people send (an int or ASCII digits), or None when it cannot be one:
    not a whole number, zero, negative or beyond 64 bits (such a lookup overflows the database driver)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 19):
            return None
        value = int(text)
    if not isinstance(value, int):
        return None
    return value if 0 < value <= MAX_ID else None


def year_refusal(value: dt.date) -> str:
    """A bilingual message when the date's year is outside EARLIEST_YEAR..LATEST_YEAR, else ""."""
    if EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return ""
    return _(
        "La fecha debe estar entre los años %(first)s y %(last)s. / The date must be between the years "
        "%(first)s and %(last)s."
    ) % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}


def refuse_year(field: str, value: dt.date | None) -> None:
    """For services: the same refusal as a ValidationError about `field`."""
    message = year_refusal(value) if value is not None else ""
    if message:
        raise ValidationError({field: message})


def check_year(value: dt.date | None) -> None:
    """Form field validator: the same refusal as `year_refusal`, as a ValidationError."""
    if value is not None:
        message = year_refusal(value)
        if message:
            raise ValidationError(message, code="year")


def limited_text(field: str, value: object, limit: int, *, one_line: bool = False) -> str:
    """For services: the person's text as stored (without what a database cannot hold; trimmed, or on one
    line), refused as a ValidationError about `field` when longer than `limit` characters."""
    text = strip_unstorable(value)
    text = " ".join(text.split()) if one_line else text.strip()
    if len(text) > limit:
        raise ValidationError(
            {field: _("Máximo %(n)s caracteres. / At most %(n)s characters.") % {"n": limit}}
        )
    return text
