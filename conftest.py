from collections.abc import Iterator

import pytest

from td2035.reference.services import ensure_reference_data


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Transactional tests (live_server, browser journeys) flush every table after each test, including
    the reference data that migrations loaded; put it back before such a test."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _fresh_api_rate_limits() -> None:
    """Each test starts with empty API rate-limit counters (they would otherwise add up across tests)."""
    from td2035.accounts import ratelimit

    ratelimit.reset()


@pytest.fixture(autouse=True)
def _fresh_local_cache() -> None:
    """Each test starts with an empty per-process cache (directory results, counts): rolled-back tests
    can repeat the versions those entries are keyed on."""
    from django.core.cache import caches

    caches["local"].clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's default language: a request in English (LocaleMiddleware) would
    otherwise leave English active in this thread for the tests that follow."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
