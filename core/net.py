"""The client's address, the same for lockout, SMS caps and the audit trail.

Behind PROXY_COUNT reverse proxies, each proxy appends the address it saw to X-Forwarded-For,
so the client is the PROXY_COUNT-th entry from the right; anything further left was sent by
the client itself and is not trusted. With PROXY_COUNT=0 the header is ignored entirely.
"""

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    hops = settings.PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        # Not through the expected proxies (a health check, a misconfiguration): what the socket says.
        return remote
    return _address(forwarded[-hops]) or remote
