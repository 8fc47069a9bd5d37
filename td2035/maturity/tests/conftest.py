from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Peer figures are cached per group; every test starts without another test's figures."""
    cache.clear()
    yield
    cache.clear()
