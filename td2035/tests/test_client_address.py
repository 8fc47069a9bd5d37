"""One rule for the client's address (issue 10, finding 3): spoofed X-Forwarded-For entries never count."""

import pytest
from allauth.account.adapter import get_adapter
from django.http import HttpRequest
from django.test import RequestFactory, override_settings

from td2035.core.client_address import client_ip

rf = RequestFactory()


def _request(remote: str = "10.0.0.1", forwarded: str | None = None, **meta: str) -> HttpRequest:
    request = rf.get("/")
    request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    request.META.update(meta)
    return request


def test_without_a_proxy_only_the_connection_counts() -> None:
    assert client_ip(_request(forwarded="203.0.113.9")) == "10.0.0.1"
    assert client_ip(None) is None


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_one_proxy_takes_the_rightmost_entry() -> None:
    assert client_ip(_request(forwarded="203.0.113.9")) == "203.0.113.9"
    assert client_ip(_request(forwarded="1.2.3.4, 5.6.7.8, 203.0.113.9")) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_proxies_take_the_second_from_the_right() -> None:
    assert client_ip(_request(forwarded="6.6.6.6, 203.0.113.9, 10.1.1.1")) == "203.0.113.9"
    # Fewer entries than proxies: the request did not come through them; the connection counts.
    assert client_ip(_request(forwarded="203.0.113.9")) == "10.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize("junk", ["", "nonsense", "999.1.1.1", "\ud800", "1.2.3.4, <script>", " , "])
def test_junk_falls_back_to_the_connection(junk: str) -> None:
    assert client_ip(_request(forwarded=junk)) == "10.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_addresses_are_normalised() -> None:
    assert client_ip(_request(forwarded="[2001:DB8::1]:443")) == "2001:db8::1"
    assert client_ip(_request(forwarded="203.0.113.9:5555")) == "203.0.113.9"


@override_settings(TRUSTED_CLIENT_IP_HEADER="X-Real-IP", TRUSTED_PROXY_COUNT=1)
def test_a_configured_header_wins_over_forwarded_for() -> None:
    request = _request(forwarded="6.6.6.6", HTTP_X_REAL_IP="203.0.113.9")
    assert client_ip(request) == "203.0.113.9"
    assert client_ip(_request(forwarded="6.6.6.6")) == "10.0.0.1"  # header missing: the connection


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_sign_in_limits_use_the_same_address() -> None:
    request = _request(forwarded="6.6.6.6, 203.0.113.9")
    assert get_adapter(request).get_client_ip(request) == "203.0.113.9"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_the_audit_log_records_the_address_the_proxy_saw() -> None:
    from td2035.accounts import audit

    entry = audit.record(None, "test.action", request=_request(forwarded="6.6.6.6, 203.0.113.9"))
    assert entry.ip_address == "203.0.113.9"
