"""A real Celery worker on the real Redis delivers a notification created by an HTTP request."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from revival_portal.accounts.models import User
from revival_portal.accounts.verification import verification_link
from revival_portal.celery import app as celery_app
from revival_portal.notifications.models import Notification

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def worker(settings, tmp_path):
    """Start `celery worker` on a queue of its own, pointed at the test database; stop it afterwards."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "revival_portal.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    log = (tmp_path / "worker.log").open("w+")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "revival_portal",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            # A node name of its own, and no chatter with other workers on the same Redis (a developer's or
            # a parallel CI run's): the worker only has to consume this test's queue.
            "-n",
            f"{queue}@%h",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "-l",
            "info",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield process, log
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_a_welcome_notification_is_emailed_by_the_worker(client, worker):
    process, log = worker

    response = client.post(
        reverse("accounts:sign_up"),
        {
            "first_name": "Ali",
            "last_name": "Rezaei",
            "national_id": "0499370899",
            "mobile": "09121234567",
            "email": "ali@example.ir",
            "password1": "Kavir-mine-1404",
            "password2": "Kavir-mine-1404",
        },
    )
    assert response.status_code == 302
    # The owner follows the e-mailed link (sent by the worker, out of this process's reach): welcome.
    link = verification_link(User.objects.get(national_id="0499370899"))
    assert client.get(link.removeprefix(settings.SITE_URL.rstrip("/"))).status_code == 302
    notification = Notification.objects.get(kind="account.welcome")
    assert notification.emailed_at is None  # the request itself did not send it

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        notification.refresh_from_db()
        if notification.emailed_at:
            break
        time.sleep(0.5)

    log.seek(0)
    output = log.read()
    assert notification.emailed_at is not None, f"the worker did not deliver it; worker log:\n{output}"
    assert "notification_email_deliver" in output
