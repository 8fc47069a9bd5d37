"""API rate limits: per token or per client address, fixed windows in the cache, 429 with Retry-After."""

import ipaddress
import os
import time
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client, override_settings
from hypothesis import given
from hypothesis import strategies as st

from td2035.accounts import ratelimit, tokens
from td2035.accounts.models import RateCounter
from td2035.accounts.ratelimit import ApiRateLimitMiddleware, Rate, address_key, hit, parse_rate
from td2035.tests.people import make_user


@pytest.fixture(autouse=True)
def _steady_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counters use fixed windows (per minute); a test that crossed a minute boundary would see its
    counter start again. Every request of a test here falls in the middle of one window."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))


ADDRESS: dict[str, Any] = {"REMOTE_ADDR": "203.0.113.7"}


@pytest.mark.parametrize(
    ("value", "rate"),
    [
        ("120/m", Rate(120, 60)),
        ("1000/h", Rate(1000, 3600)),
        ("5/d", Rate(5, 86400)),
        ("10/30", Rate(10, 30)),
        ("10/30s", Rate(10, 30)),
        (" 3 / 2m ", Rate(3, 120)),
        ("0", None),
        ("", None),
        ("0/m", None),
        (None, None),
    ],
)
def test_rates_are_read_from_settings_text(value, rate) -> None:
    assert parse_rate(value) == rate


@pytest.mark.parametrize("value", ["120", "abc", "10/w", "-1/m", "10/0", "1.5/m"])
def test_unreadable_rates_are_refused(value) -> None:
    with pytest.raises(ValueError):
        parse_rate(value)


def test_a_typo_in_the_settings_stops_the_start() -> None:
    with (
        override_settings(API_RATE_LIMIT_IP="lots"),
        pytest.raises(ImproperlyConfigured, match="API_RATE_LIMIT_IP"),
    ):
        ApiRateLimitMiddleware(lambda request: HttpResponse())


@pytest.mark.django_db
def test_a_fixed_window_counts_and_resets() -> None:
    rate, key = Rate(2, 60), f"test:{uuid.uuid4()}"
    start = 1_800_000_000.0  # a window boundary (divisible by 60)
    assert [hit(key, rate, start + s).allowed for s in (0, 1, 2)] == [True, True, False]
    third = hit(key, rate, start + 15)
    assert (third.allowed, third.remaining, third.retry_after) == (False, 0, 45)
    assert hit(key, rate, start + 60).allowed  # the next window


@given(st.ip_addresses(v=6), st.integers(min_value=0, max_value=2**64 - 1))
def test_ipv6_clients_count_by_their_64_range(address, host) -> None:
    if address.ipv4_mapped is not None:
        assert address_key(str(address)) == f"ip:{address.ipv4_mapped}"
        return
    neighbour = ipaddress.IPv6Address((int(address) >> 64 << 64) | host)
    if neighbour.ipv4_mapped is None:
        assert address_key(str(address)) == address_key(str(neighbour))
    assert address_key(str(address)).endswith("/64")


def test_address_keys() -> None:
    assert address_key("203.0.113.7") == "ip:203.0.113.7"
    assert address_key("::ffff:203.0.113.7") == "ip:203.0.113.7"
    assert (
        address_key("2001:db8:1:2:3:4:5:6") == address_key("2001:db8:1:2:ffff::1") == "ip:2001:db8:1:2::/64"
    )
    assert address_key("") == address_key("not an address") == "ip:unknown"


# --- Through the middleware. ----------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT_IP="3/m", API_RATE_LIMIT_TOKEN="100/m")
def test_over_the_address_limit_the_api_answers_429_with_retry_after() -> None:
    client = Client()
    answers = [client.get("/api/v1/networks", **ADDRESS) for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert [r["RateLimit-Remaining"] for r in answers] == ["2", "1", "0", "0"]
    limited = answers[-1]
    assert limited["Content-Type"] == "application/json"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "too many requests" in limited.json()["detail"]
    assert limited.json()["errors"][0]["message"]
    assert client.get("/api/v1/networks", REMOTE_ADDR="203.0.113.8").status_code == 200  # someone else
    assert client.get("/", **ADDRESS).status_code == 200  # pages are not limited here


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT_IP="2/m")
def test_every_api_path_counts_even_unknown_ones_and_writes() -> None:
    client = Client()
    client.get("/api/v1/no-existe", **ADDRESS)
    client.post("/api/v1/organizations", "{}", content_type="application/json", **ADDRESS)
    response = client.get("/api/v1/reference/municipalities", **ADDRESS)
    assert response.status_code == 429


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT_IP="2/m", API_RATE_LIMIT_TOKEN="3/m")
def test_a_valid_token_counts_on_its_own_and_invalid_ones_on_the_address() -> None:
    _token, secret = tokens.create_token(actor=make_user("ana@example.com"), name="t")
    client = Client()
    with_token: dict[str, Any] = {**ADDRESS, "HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert [client.get("/api/v1/networks", **with_token).status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    assert client.get("/api/v1/networks", **with_token)["RateLimit-Limit"] == "3"
    bad_token: dict[str, Any] = {**ADDRESS, "HTTP_AUTHORIZATION": "Bearer guessing"}
    statuses = [client.get("/api/v1/networks", **bad_token).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # read endpoints ignore a bad token, but it counts on the address
    assert client.get("/api/v1/networks", **ADDRESS).status_code == 429


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT_IP="1/m", API_RATE_LIMIT_TOKEN="1/m")
def test_reset_starts_every_counter_again() -> None:
    client = Client()
    assert client.get("/api/v1/networks", **ADDRESS).status_code == 200
    assert client.get("/api/v1/networks", **ADDRESS).status_code == 429
    ratelimit.reset()
    assert client.get("/api/v1/networks", **ADDRESS).status_code == 200


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT_IP="0")
def test_a_limit_set_to_zero_is_off() -> None:
    client = Client()
    response = client.get("/api/v1/networks", **ADDRESS)
    assert "RateLimit-Limit" not in response
    assert all(client.get("/api/v1/networks", **ADDRESS).status_code == 200 for _ in range(5))


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT_IP="2/m", TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_address_the_proxy_saw_counts() -> None:
    client = Client()
    for _ in range(2):
        client.get("/api/v1/networks", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    limited = client.get("/api/v1/networks", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = client.get("/api/v1/networks", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert (limited.status_code, other.status_code) == (429, 200)


@pytest.mark.django_db
@override_settings(
    API_RATE_LIMIT_IP="120/m",
    TRUSTED_PROXY_COUNT=1,  # what BEHIND_PROXY=1 sets
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_a_spoofed_forwarded_for_does_not_escape_the_limit() -> None:
    """The client writes the left of X-Forwarded-For; the proxy appends the address it saw (issue 10)."""
    client = Client()
    answers = [
        client.get(
            "/api/v1/networks",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n % 250}, 198.51.100.7",
        ).status_code
        for n in range(130)
    ]
    assert answers.count(200) == 120 and answers[-1] == 429


def test_counts_are_shared_through_redis() -> None:
    """With REDIS_URL (as in production) every process sees the same counters.

    Uses TEST_REDIS_URL (make test and .ci/run point it at a local Redis, database 15)."""
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
    }
    with override_settings(CACHES={"default": redis_cache}):
        key, rate = f"test:{uuid.uuid4()}", Rate(2, 3600)
        assert [hit(key, rate).allowed for _ in range(3)] == [True, True, False]
        assert caches["default"].__class__.__name__ == "RedisCache"


@pytest.mark.django_db(transaction=True)
def test_without_redis_every_process_shares_the_counts_in_the_database() -> None:
    """Under `make demo` (two gunicorn workers, no Redis) a limit held per process let 240 of 300
    requests through a 120/m limit (issue 10, finding 6). The counts live in the database: hits from
    many connections at once (threads here, processes in production) add up exactly."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    assert "DatabaseCache" in settings.CACHES["default"]["BACKEND"]
    key, rate = f"test:{uuid.uuid4()}", Rate(120, 3600)

    def one_hit(_: int) -> bool:
        try:
            return hit(key, rate).allowed
        finally:
            connection.close()

    # SQLite's in-memory test database locks whole tables between connections instead of waiting as a
    # database file does (busy_timeout), so there the connections take turns; PostgreSQL runs them at once.
    workers = 6 if connection.vendor == "postgresql" else 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        allowed = list(pool.map(one_hit, range(150)))
    assert allowed.count(True) == 120
    assert RateCounter.objects.get(key__contains=key).count == 150


@pytest.mark.django_db
def test_finished_windows_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    RateCounter.objects.create(key="old", count=5, expires_at=time.time() - 10)
    monkeypatch.setattr(ratelimit, "PRUNE_CHANCE", 1.0)
    hit(f"test:{uuid.uuid4()}", Rate(2, 60))
    assert not RateCounter.objects.filter(key="old").exists()
