"""Fixtures every test gets: private files in a folder of the test's own, and an empty cache; and
``english``, which a test package turns on for all its tests with an autouse fixture asking for it."""

import os

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation


@pytest.fixture(scope="session", autouse=True)
def session_media(tmp_path_factory):
    """Files written outside a test's own folder (session fixtures, worker processes) stay in a temporary
    folder of this run, never in the project."""
    media = tmp_path_factory.mktemp("private_media")
    previous = os.environ.get("PRIVATE_MEDIA_ROOT")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(media)  # inherited by the Celery workers tests start
    with override_settings(PRIVATE_MEDIA_ROOT=media, MEDIA_ROOT=media):
        yield media
    if previous is None:
        os.environ.pop("PRIVATE_MEDIA_ROOT", None)
    else:
        os.environ["PRIVATE_MEDIA_ROOT"] = previous


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
