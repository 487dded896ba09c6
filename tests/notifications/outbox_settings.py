"""Settings for a Celery worker started by a test: it queues for real and writes each e-mail to a file.

The test counts the files, so it sees exactly what the worker sent (the in-memory outbox of another
process is out of its reach).
"""

import os

from revival_portal.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["TEST_OUTBOX_DIR"]
