"""Fixtures every test gets: private files in a folder of the test's own, and an empty cache."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads and built reports of each test go to a folder of its own, to check 'nothing stored'."""
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()
