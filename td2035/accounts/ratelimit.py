"""Rate limits for /api/v1/: per token when the request carries a valid one, otherwise per client
address (IPv6 by /64). Fixed windows counted in Redis when REDIS_URL is set, otherwise in a database
table: either way every web process shares the counts. Over the limit: 429 JSON with Retry-After.

Settings (from the environment): API_RATE_LIMIT_IP and API_RATE_LIMIT_TOKEN, "requests/period" with
period s, m, h, d or a number of seconds (e.g. "120/m", "1000/h", "10/30"); "0" turns a limit off.
"""

import functools
import ipaddress
import logging
import math
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from td2035.accounts.api_auth import request_token
from td2035.accounts.models import RateCounter
from td2035.accounts.tokens import mark_used
from td2035.core.api_errors import error_body
from td2035.core.client_address import client_ip

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1/"
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd]?)\s*$")
PRUNE_CHANCE = 0.01
_epoch = 0  # bumped by reset(): tests start from fresh counters without flushing a shared cache


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


@functools.lru_cache(maxsize=32)
def parse_rate(value: str | None) -> Rate | None:
    """ "120/m" -> Rate(120, 60); "0", "" or None -> no limit. ValueError for anything else."""
    if value is None or value.strip() in {"", "0"}:
        return None
    match = _RATE.match(value)
    if not match or not (match.group(2) or match.group(3)):
        raise ValueError(f"rate limit {value!r}: use requests/period, e.g. 120/m, 1000/h, 10/30s")
    count, number, unit = int(match.group(1)), match.group(2), match.group(3) or "s"
    period = int(number or 1) * _PERIODS[unit]
    if count == 0:
        return None
    if period <= 0:
        raise ValueError(f"rate limit {value!r}: the period must be positive")
    return Rate(count, period)


def reset() -> None:
    """Forget every counter (for tests): later requests count in new keys."""
    global _epoch
    _epoch += 1


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the window resets


def hit(key: str, rate: Rate, now: float | None = None) -> Decision:
    """Count one request under `key` in the current fixed window of `rate`."""
    now = time.time() if now is None else now
    window = int(now // rate.period)
    counter_key = f"td2035:rl:{_epoch}:{key}:{rate.period}:{window}"
    reset_in = max(1, math.ceil((window + 1) * rate.period - now))
    expires_at = (window + 1) * rate.period + 1
    try:
        count = (
            _count_in_cache(counter_key, rate)
            if _uses_redis()
            else _count_in_database(counter_key, expires_at)
        )
    except Exception:  # the store is down: serve rather than fail every request
        logger.warning("rate limit counter unavailable", exc_info=True)
        return Decision(True, rate.limit, rate.limit, reset_in)
    return Decision(count <= rate.limit, rate.limit, max(0, rate.limit - count), reset_in)


def _uses_redis() -> bool:
    return "redis" in str(settings.CACHES["default"]["BACKEND"]).lower()


def _count_in_cache(counter_key: str, rate: Rate) -> int:
    """Redis: add and incr are atomic, and every process shares the server."""
    if cache.add(counter_key, 1, timeout=rate.period + 1):
        return 1
    try:
        return cache.incr(counter_key)
    except ValueError:  # expired between add() and incr()
        cache.set(counter_key, 1, timeout=rate.period + 1)
        return 1


def _count_in_database(counter_key: str, expires_at: float) -> int:
    """Without Redis the counters live in the database, which every web process shares; one upsert
    counts atomically on SQLite and PostgreSQL alike (a cache's get-then-set would lose hits)."""
    quote = connection.ops.quote_name
    table, key, count = quote(RateCounter._meta.db_table), quote("key"), quote("count")
    sql = (
        f"INSERT INTO {table} ({key}, {count}, {quote('expires_at')}) VALUES (%s, 1, %s) "  # noqa: S608
        f"ON CONFLICT ({key}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}"
    )
    with connection.cursor() as cursor:  # one statement: atomic on its own, no transaction needed
        cursor.execute(sql, [counter_key, expires_at])
        hits = int(cursor.fetchone()[0])
    if hits == 1 and random.random() < PRUNE_CHANCE:  # now and then, forget finished windows
        RateCounter.objects.filter(expires_at__lt=time.time()).delete()
    return hits


def address_key(address: str | None) -> str:
    """A client's address as a limit key; IPv6 clients are grouped by /64 (one subscriber's range)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "ip:unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return f"ip:{ip.ipv4_mapped}"
        return f"ip:{ipaddress.ip_network(f'{ip}/64', strict=False).network_address}/64"
    return f"ip:{ip}"


def limit_for(request: HttpRequest) -> tuple[str, Rate | None]:
    """Which counter a request counts in: its token's if it carries a usable one, else its address'."""
    check = request_token(request)
    if check is not None and check.ok and check.token is not None:
        mark_used(check.token)  # reads with a token count as use too
        return f"token:{check.token.pk}", parse_rate(getattr(settings, "API_RATE_LIMIT_TOKEN", None))
    return address_key(client_ip(request)), parse_rate(getattr(settings, "API_RATE_LIMIT_IP", None))


def too_many_requests(decision: Decision) -> JsonResponse:
    detail = (
        f"too many requests, retry in {decision.retry_after} s / "
        f"demasiadas solicitudes, vuelve a intentar en {decision.retry_after} s"
    )
    response = JsonResponse(error_body(detail), status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response


class ApiRateLimitMiddleware:
    """Applies the limits to every request under /api/v1/, known endpoints or not."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        for name in ("API_RATE_LIMIT_IP", "API_RATE_LIMIT_TOKEN"):  # a typo stops the start, not requests
            try:
                parse_rate(getattr(settings, name, None))
            except ValueError as exc:
                raise ImproperlyConfigured(f"{name}: {exc}") from exc

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        key, rate = limit_for(request)
        if rate is None:
            return self.get_response(request)
        decision = hit(key, rate)
        response = self.get_response(request) if decision.allowed else too_many_requests(decision)
        response["RateLimit-Limit"] = str(decision.limit)
        response["RateLimit-Remaining"] = str(decision.remaining)
        response["RateLimit-Reset"] = str(decision.retry_after)
        return response
