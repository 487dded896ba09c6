"""Test settings: fast hashing, in-memory e-mail, eager tasks unless a test asks for a real worker."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests serve requests from one process, so a process-local cache keeps invalidation exact (accounts.E001).
CACHE_PROCESS_LOCAL_ALLOWED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Never inside the project: pytest points this at a folder of its session (tests/conftest.py), and each
# test at one of its own; other runs with these settings (the benchmark) use the system's temporary folder.
PRIVATE_MEDIA_ROOT = MEDIA_ROOT = env.path(
    "PRIVATE_MEDIA_ROOT", default=Path(tempfile.gettempdir()) / "revival-portal-test-media"
)
AXES_ENABLED = env.bool("AXES_ENABLED", default=False)
LANGUAGE_CODE = "fa"
# Serve static files straight from the source folders, as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
