"""Settings of the benchmark's server: the portal as deployed (no debug, real password hashing), with a
query-counting middleware first in the chain and the floor views added to the URLs.

The database is ``DATABASE_URL`` (``make bench`` points it at ``BENCH_DATABASE_URL``). Celery runs
tasks in the process that queues them, so a job a request starts is timed with that request.
"""

import tempfile
import warnings
from pathlib import Path

from revival_portal.settings.base import *  # noqa: F403
from revival_portal.settings.base import MIDDLEWARE, env

SECRET_KEY = "bench-only-secret-key-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "tests.bench_site.urls"
MIDDLEWARE = ["tests.bench_site.middleware.QueryCountMiddleware", *MIDDLEWARE]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PRIVATE_MEDIA_ROOT = MEDIA_ROOT = env.path(
    "PRIVATE_MEDIA_ROOT", default=Path(tempfile.gettempdir()) / "revival-portal-bench-media"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Requests come from one address at a high rate: the lockout is not what is measured.
AXES_ENABLED = False
# Static files are served from the source folders (no collectstatic for a benchmark).
warnings.filterwarnings("ignore", "No directory at", UserWarning)
