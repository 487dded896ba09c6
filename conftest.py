"""Root pytest configuration: services a test needs are required in CI and optional elsewhere."""

import os
import shutil
import tempfile

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_configure(config):
    # Hypothesis (and schemathesis on it) keeps its example database in the working folder unless told
    # otherwise: the tests write only to temporary folders.
    os.environ.setdefault(
        "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "revival-portal-hypothesis")
    )


def skip_or_fail(reason: str) -> None:
    """Skip a test whose service is missing on a developer machine; fail it in CI, where it must run."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            skip_or_fail("this test needs PostgreSQL (set DATABASE_URL)")
    if item.get_closest_marker("redis"):
        from django.conf import settings

        if not settings.CELERY_BROKER_URL:
            skip_or_fail("this test needs Redis (set CELERY_BROKER_URL)")
        import redis

        try:
            redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2).ping()
        except redis.RedisError:
            skip_or_fail(f"Redis at {settings.CELERY_BROKER_URL} does not answer")
    if item.get_closest_marker("browser") and not os.path.exists(
        os.environ.get("CHROMIUM", "/usr/bin/chromium")
    ):
        skip_or_fail("this test needs /usr/bin/chromium (apt-get install chromium)")
    if item.get_closest_marker("pdftotext") and shutil.which("pdftotext") is None:
        skip_or_fail("this test reads PDFs with pdftotext (apt-get install poppler-utils)")
