"""A fixed-window request counter in Django's cache, for the forms anyone may submit.

django-ratelimit's last release (4.1.0) dates from 2023, two Django major versions before the 6.1 SIMPOR runs on,
and SIMPOR needs only a counter per address and per session, so it keeps this small limiter instead. The limits
hold across server processes only with a shared cache (see CACHES in settings).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """Return the client's IP address, from the header the reverse proxy sets when one is configured."""
    header = settings.SIMPOR_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "")
        # X-Forwarded-For lists the client first; the proxy appends what it saw.
        address = forwarded.split(",")[0].strip()
        if address:
            return address
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, subject: str, window: int) -> str:
    # Addresses and session keys are hashed, so the cache never stores them in clear.
    digest = hashlib.sha256(f"{scope}:{subject}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{int(time.time()) // window}"


def hit(scope: str, subject: str, *, limit: int, window: int) -> bool:
    """Count one request of ``subject`` in ``scope`` and return whether it is still within ``limit`` per
    ``window`` seconds."""
    if not subject:
        return True
    key = _key(scope, subject, window)
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first request of a new window.
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit
