import datetime

import pytest


@pytest.fixture(autouse=True)
def _today_in_2026(monkeypatch):
    """Fix 'today' in Asia/Jakarta to 15 May 2026, so the current fiscal year is the fixtures' 2026."""
    from projects import fiscal

    monkeypatch.setattr(fiscal, "local_today", lambda: datetime.date(2026, 5, 15))


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached page bodies live in the process-wide local-memory cache; each test starts cold.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
