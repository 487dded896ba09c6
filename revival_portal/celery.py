"""The Celery application: configured from Django settings (CELERY_*), tasks found in every app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revival_portal.settings.local")

app = Celery("revival_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
