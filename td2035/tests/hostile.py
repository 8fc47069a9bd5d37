"""Hostile input for the property tests of the write services (each app's tests/test_properties.py).

Every service that takes what people type, in an HTML form or through the API, is fed the values below
and must either succeed (and what it stored reads back, without NUL or lone surrogates) or refuse with
one of REFUSALS; any other exception fails the test. Each example runs in its own savepoint, rolled
back afterwards, so that one example's rows (or a failed insert on PostgreSQL) never reach the next:

    @hostile
    @given(name=texts)
    def test_register(name: str) -> None:
        attempt(lambda: register_organization(owner, name=name, kind="company"), check)
"""

import datetime as dt
import math
import os
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

from td2035.accounts.tokens import TokenError
from td2035.core.attachments import AttachmentError
from td2035.directory.logos import LogoError
from td2035.directory.services import DirectoryError
from td2035.inquiries.services import InquiryError
from td2035.matching.alerts import AlertSettingError
from td2035.maturity.instruments import UnknownInstrument
from td2035.maturity.scoring import AnswerError
from td2035.registration.invitations import InvitationError

T = TypeVar("T")

# The refusals a service may answer with: each becomes a 4xx with a message, never a 500.
REFUSALS: tuple[type[Exception], ...] = (
    DirectoryError,
    InvitationError,
    TokenError,
    InquiryError,
    LogoError,
    AttachmentError,
    AnswerError,
    UnknownInstrument,
    AlertSettingError,
    ValidationError,
    PermissionDenied,
    Http404,
)

# A modest number of examples per service: the whole property suite takes about 20 s per database.
# HOSTILE_EXAMPLES=400 runs a deeper search (about 2 minutes on SQLite, 3 on PostgreSQL).
hostile = settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LONG = "x" * 100_000
SPECIAL_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 20,
    "\ud800",
    "lone \udfff surrogate",
    "\u202eevil\u202c",
    "\u200b\ufeff",
    "🦜🇲🇽👩🏽‍🔧",
    "\r\n\r\n",
    "\t\x1b[31m\x7f",
    "<script>alert(1)</script>",
    "&amp; &lt;b&gt;",
    "'; DROP TABLE x; --",
    "%s %(name)s {0}",
    "Ñandú Querétaro",
    LONG,
    "ñ" * 20_000,
]
ALL_CHARACTERS = st.characters(exclude_categories=())  # surrogates and controls included
texts = st.one_of(
    st.sampled_from(SPECIAL_TEXT),
    st.text(ALL_CHARACTERS, max_size=200),
    st.builds(lambda a, b: a + b, st.sampled_from(SPECIAL_TEXT), st.text(ALL_CHARACTERS, max_size=30)),
)

SPECIAL_NUMBERS: list[Any] = [
    0,
    -1,
    1,
    10**30,
    -(10**30),
    2**31,
    2**63,
    -(2**63) - 1,
    1e30,
    -1e30,
    math.nan,
    math.inf,
    -math.inf,
    0.1,
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("1E+30"),
    Decimal("-0"),
    Decimal("1E-30"),
]
_plain_numbers = st.one_of(
    st.sampled_from(SPECIAL_NUMBERS),
    st.integers(),
    st.floats(),
    st.decimals(),
)
# As the API gives them (numbers) and as a form or a query string gives them (text).
numbers = st.one_of(_plain_numbers, _plain_numbers.map(str), st.sampled_from(["", "1e999", "12abc", "0x1F"]))

UTC = dt.UTC
SPECIAL_DATES: list[Any] = [
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
    dt.datetime(1, 1, 1),
    dt.datetime(9999, 12, 31, 23, 59, 59),
    dt.datetime(1, 1, 1, tzinfo=UTC),
    dt.datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59",
    "2024-02-30",
    "mañana",
    "",
]
dates = st.one_of(
    st.sampled_from(SPECIAL_DATES),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(UTC)),
)

SPECIAL_IDS = [0, -1, 2**31, 2**63 - 1, 2**63, 10**30, -(10**30)]


def ids(*own: int) -> st.SearchStrategy[int]:
    """Ids nobody has, huge and negative ones, and `own`: real rows (someone else's, say)."""
    return st.one_of(st.sampled_from([*SPECIAL_IDS, *own]), st.integers())


def some_of(fields: dict[str, st.SearchStrategy[Any]], most: int = 3) -> st.SearchStrategy[dict[str, Any]]:
    """Up to `most` of these fields with hostile values, to lay over valid input: each example then
    tests a few fields at once, and valid ones around them let the write get as far as the database."""
    names = st.lists(st.sampled_from(sorted(fields)), max_size=most, unique=True)
    return names.flatmap(lambda chosen: st.fixed_dictionaries({name: fields[name] for name in chosen}))


def attempt(call: Callable[[], T], check: Callable[[T], None] | None = None) -> T | Exception:
    """Run `call` in a savepoint that is always rolled back. A refusal is returned; anything else it
    raises fails the test. When it succeeds, `check` looks at what was stored, before the rollback."""
    try:
        with transaction.atomic():
            result = call()
            if check is not None:
                check(result)
            transaction.set_rollback(True)
    except REFUSALS as refusal:
        event(f"refused: {type(refusal).__name__}")
        return refusal
    event("stored")
    return result


def assert_storable(value: object) -> None:
    """Nothing a database cannot hold: no NUL and no lone surrogate, in text and in lists of text."""
    if isinstance(value, str):
        assert "\x00" not in value, value[:80]
        assert not any("\ud800" <= ch <= "\udfff" for ch in value), value[:80]
    elif isinstance(value, list | tuple):
        for item in value:
            assert_storable(item)


def assert_reads_back(instance: models.Model, *fields: str) -> None:
    """The row as stored equals the object the service returned, field by field, and is storable."""
    stored = type(instance)._default_manager.get(pk=instance.pk)
    for name in fields:
        value, again = getattr(instance, name), getattr(stored, name)
        assert_storable(again)
        if isinstance(value, float) and isinstance(again, float):
            assert math.isclose(value, again, rel_tol=1e-9), name
        else:
            assert value == again, name
