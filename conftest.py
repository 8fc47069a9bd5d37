from collections.abc import Iterator
from typing import Any

import pytest

from td2035.reference.services import ensure_reference_data


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool({"transactional_db", "live_server"} & set(request.fixturenames)) or bool(
        marker and marker.kwargs.get("transaction")
    )


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[None]:
    """Transactional tests (live_server, browser journeys, tests of several connections) flush every
    table after each test, including the reference data and the privacy notice that migrations loaded:
    put them back before such a test, and after it for the tests that follow."""
    transactional = _is_transactional(request)
    if transactional:
        request.getfixturevalue("transactional_db")
        ensure_reference_data()
    yield
    if transactional:
        from td2035.privacy.notices import ensure_privacy_notice

        with django_db_blocker.unblock():
            ensure_reference_data()
            ensure_privacy_notice()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """A real password hash costs ~0.3 s by design, and tests make and sign in many people: hash with
    MD5. The production hashers stay after it, so people made before this fixture (module-scoped e2e
    fixtures) still sign in; the live server runs in this process and sees the same setting."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


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
