"""Redis down: submit, decision and disbursement still succeed, and every e-mail they owe is sent once later.

The test runs a Redis server of its own on a free port (the shared one is never touched), points the
portal's broker at it, stops it, makes the requests, starts it again, runs a real worker and two sweeps,
and counts the e-mails the worker wrote: one per notification, none twice.
"""

import email
import email.header
import os
import shutil
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from conftest import skip_or_fail
from financing.choices import ApplicationStatus
from financing.models import Disbursement, LoanApplication
from revival_portal.celery import app as celery_app
from revival_portal.notifications.models import Notification
from revival_portal.notifications.tasks import notifications_unsent_sweep
from tests.factories import ReviewerFactory
from tests.financing.factories import (
    GuaranteeFactory,
    LoanApplicationFactory,
    contracted_loan,
    recommended_application,
    sheba,
)
from tests.notifications.test_worker import _database_url

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


class OwnRedis:
    """A redis-server on a free port, in memory only, that the test may stop and start at will."""

    def __init__(self, directory: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def _forget_broker_connections() -> None:
    # Celery keeps a pool of broker connections; drop it so the next publish connects to the broker now set.
    celery_app._pool = None
    celery_app.__dict__.get("amqp") and setattr(celery_app.amqp, "_producer_pool", None)


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        skip_or_fail("this test needs the redis-server program (apt-get install redis-server)")
    server = OwnRedis(tmp_path)
    server.start()
    conf = celery_app.conf
    previous = conf.broker_url, conf.broker_read_url, conf.broker_write_url, conf.task_always_eager
    conf.broker_url = conf.broker_read_url = conf.broker_write_url = server.url
    _forget_broker_connections()
    try:
        yield server
    finally:
        server.stop()
        conf.broker_url, conf.broker_read_url, conf.broker_write_url, conf.task_always_eager = previous
        _forget_broker_connections()


@pytest.fixture
def outbox_worker(own_redis, tmp_path):
    """Start a worker on the private Redis that writes its e-mails to files; returns (start, outbox)."""
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    processes = []

    def start():
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.notifications.outbox_settings",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": own_redis.url,
            "TEST_OUTBOX_DIR": str(outbox),
        }
        log = (tmp_path / "worker.log").open("w+")
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "revival_portal",
            "worker",
            "--pool=solo",
            "-l",
            "info",
        ]
        command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
        processes.append(
            (subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT), log)
        )
        return processes[-1]

    yield start, outbox
    for process, log in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def sent_emails(outbox: Path) -> list[tuple[str, str]]:
    """(recipient, subject) of every e-mail the worker wrote; each file holds the messages of one send."""
    sent = []
    for path in sorted(outbox.iterdir()):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                message = email.message_from_bytes(chunk.lstrip())
                subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
                sent.append((message["To"], subject))
    return sorted(sent)


def test_requests_succeed_while_redis_is_down_and_every_email_is_sent_once_later(
    client, own_redis, outbox_worker
):
    start_worker, outbox = outbox_worker
    # The data are made while the broker is up (and its e-mails sent in-process, as every test does).
    draft = LoanApplicationFactory()
    GuaranteeFactory(application=draft)
    checker = ReviewerFactory()
    recommended = recommended_application()
    loan = contracted_loan(amount=Decimal(1_000_000))
    before = set(Notification.objects.values_list("pk", flat=True))

    celery_app.conf.task_always_eager = False
    own_redis.stop()
    client.force_login(draft.applicant)
    submit = client.post(reverse("financing:application_action", args=[draft.pk, "submit"]))
    client.force_login(checker)
    decide = client.post(
        reverse("financing:application_decide", args=[recommended.pk]),
        {
            "outcome": "approved",
            "approved_amount": str(recommended.amount_requested),
            "rate": str(recommended.proposed_rate),
            "note": "ok",
        },
    )
    client.force_login(loan.contracted_by)
    disburse = client.post(
        reverse("financing:disbursement_add", args=[loan.pk]),
        {
            "amount": "400000",
            "disbursed_on": timezone.localdate().isoformat(),
            "bank_reference": "B",
            "destination_sheba": sheba(),
        },
    )

    assert [submit.status_code, decide.status_code, disburse.status_code] == [302, 302, 302]
    assert LoanApplication.objects.get(pk=draft.pk).status == ApplicationStatus.SUBMITTED
    assert LoanApplication.objects.get(pk=recommended.pk).status == ApplicationStatus.APPROVED
    assert Disbursement.objects.get(loan=loan).amount == 400000
    owed = Notification.objects.exclude(pk__in=before).filter(send_email=True).exclude(recipient__email="")
    kinds = set(owed.values_list("kind", flat=True))
    assert {"financing.submitted", "financing.decided", "financing.disbursed"} <= kinds, kinds
    assert not owed.filter(emailed_at__isnull=False).exists()  # nothing reached the queue

    own_redis.start()
    _forget_broker_connections()
    process, log = start_worker()
    # Two sweeps queue every delivery twice: the deliveries must still send each e-mail once.
    notifications_unsent_sweep.delay(grace_seconds=0)
    notifications_unsent_sweep.delay(grace_seconds=0)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        if not owed.filter(emailed_at__isnull=True).exists():
            break
        time.sleep(0.5)
    time.sleep(3)  # let the duplicate deliveries run (they must send nothing)

    log.seek(0)
    expected = sorted((n.recipient.email, n.subject) for n in owed.select_related("recipient"))
    assert not owed.filter(emailed_at__isnull=True).exists(), f"worker log:\n{log.read()}"
    assert sent_emails(outbox) == expected, f"{len(sent_emails(outbox))} sent for {len(expected)} owed"
