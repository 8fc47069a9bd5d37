from collections.abc import Iterator

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Figures cached in this process; every test starts without another test's figures."""
    caches["local"].clear()
    yield
    caches["local"].clear()
