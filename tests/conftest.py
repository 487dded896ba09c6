"""Fixtures every test gets: private files in a folder of the test's own, and an empty cache; and
``english``, which a test package turns on for all its tests with an autouse fixture asking for it."""

import pytest
from django.core.cache import cache
from django.utils import translation


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


@pytest.fixture
def english():
    """Assert on the English messages; the Persian pages are checked on their own (and in the browser)."""
    with translation.override("en"):
        yield
