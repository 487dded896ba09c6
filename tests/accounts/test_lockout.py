"""Sign-in lockout: by account and address together, and briefly by address when many accounts fail."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, OperatorFactory

pytestmark = pytest.mark.django_db

OFFICE = "198.51.100.7"


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_ADDRESS_USER_LIMIT = 4
    settings.AXES_ADDRESS_COOLOFF = 15


def sign_in(client, username, password, address=OFFICE):
    client.logout()
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_one_persons_failures_lock_their_account_from_that_address_only(client, lockout):
    alice = OperatorFactory(username="0499370899")
    bahram = OperatorFactory(username="0013542419")
    for _attempt in range(2):
        assert sign_in(client, alice.username, "wrong").status_code == 200
    assert sign_in(client, alice.username, "wrong").status_code == 429  # the third failure locks

    assert sign_in(client, alice.username, PASSWORD).status_code == 429  # even the right password
    assert sign_in(client, bahram.username, PASSWORD).status_code == 302  # a colleague behind the same NAT
    assert sign_in(client, alice.username, PASSWORD, address="203.0.113.9").status_code == 302


def test_many_accounts_failing_from_one_address_pause_the_address_briefly(client, lockout):
    bahram = OperatorFactory(username="0013542419")
    for number in range(3):
        assert sign_in(client, f"guess-{number}", "wrong").status_code == 200
    assert sign_in(client, "guess-3", "wrong").status_code == 429  # the fourth account pauses the address

    assert sign_in(client, bahram.username, PASSWORD).status_code == 429
    assert 'id="locked-out"' in sign_in(client, bahram.username, PASSWORD).content.decode()
    assert sign_in(client, bahram.username, PASSWORD, address="203.0.113.9").status_code == 302

    # The cool-off ends once the failures are older than AXES_ADDRESS_COOLOFF minutes.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, bahram.username, PASSWORD).status_code == 302


def test_fewer_accounts_than_the_limit_leave_the_address_open(client, lockout):
    bahram = OperatorFactory(username="0013542419")
    for number in range(3):
        sign_in(client, f"guess-{number}", "wrong")

    assert sign_in(client, bahram.username, PASSWORD).status_code == 302
