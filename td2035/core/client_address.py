"""The client's address, the one answer used by the API and sign-in rate limits, the audit log and
consent records.

X-Forwarded-For is a list that every proxy appends to: the entries on its left are whatever the client
sent, so only the entry written by the last of our own proxies can be trusted. With
TRUSTED_PROXY_COUNT = n that is the n-th entry from the right; with TRUSTED_CLIENT_IP_HEADER it is that
header (which the proxy must overwrite). Without a proxy it is REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:443"
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or None
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", "")
    if header:
        return _valid(request.META.get(_meta_key(header), "")) or remote
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return _valid(forwarded[-hops]) or remote
    return remote
