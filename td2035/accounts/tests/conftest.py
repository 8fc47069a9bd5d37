import pytest
from django.core.cache import cache

from td2035.privacy.notices import ensure_privacy_notice


@pytest.fixture(autouse=True)
def _fresh_state(request: pytest.FixtureRequest) -> None:
    """Sign-in rate limits live in the shared cache (a database table without Redis): start every test
    with none. Tests with a database get the privacy notice v1 (a transactional test elsewhere may have
    flushed it)."""
    if request.node.get_closest_marker("django_db") or {"db", "client"} & set(request.fixturenames):
        request.getfixturevalue("db")
        cache.clear()
        ensure_privacy_notice()
