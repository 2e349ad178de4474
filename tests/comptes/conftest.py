import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def cache_vide():
    """allauth keeps rate limits and spent TOTP codes in the cache; primary keys repeat between tests."""
    cache.clear()
    yield
    cache.clear()
