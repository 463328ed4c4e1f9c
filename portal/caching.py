"""Caching of public pages and API answers under one data version, bumped whenever public data changes.

Every cached entry's key holds the current version, so a save of any model the public sees makes all entries
stale at once and the next request rebuilds from the database. Changes made with QuerySet.update() or raw SQL send
no signal: SIMPOR_PUBLIC_CACHE_SECONDS bounds how long such a change can stay unseen.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation

VERSION_KEY = "simpor:public-data-version"


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add() keeps a version another process set in the meantime.
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_version(**_kwargs) -> None:
    """Make every cached public page and API answer stale now and again when the current transaction commits:
    a reader between the two may cache the data from before the commit under the first new version."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None))


def cache_key(namespace: str, *parts: Any) -> str:
    raw = "|".join(str(part) for part in (translation.get_language(), *parts))
    digest = hashlib.sha256(raw.encode()).hexdigest()[:40]
    return f"simpor:public:{data_version()}:{namespace}:{digest}"


def cached(namespace: str, parts: tuple, build: Callable[[], Any]) -> Any:
    """Return the value cached for ``parts`` under the current data version, building it when missing."""
    key = cache_key(namespace, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=settings.SIMPOR_PUBLIC_CACHE_SECONDS)
    return value


def cache_public_response(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache a public GET view's successful answer by full path and language, for views whose answer is the
    same for everyone (the API and the open data downloads; HTML pages carry a per-visitor CSRF token)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = cache_key("response", request.get_full_path())
        stored = cache.get(key)
        if stored is not None:
            content, content_type, headers = stored
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers.items():
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {
                name: response[name]
                for name in ("Content-Disposition", "Content-Language")
                if response.has_header(name)
            }
            cache.set(key, (response.content, response["Content-Type"], headers), settings.SIMPOR_PUBLIC_CACHE_SECONDS)
        return response

    return wrapper
