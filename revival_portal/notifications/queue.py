"""Handing work to Celery after commit: the work is saved, so a broker outage must never become a 500."""

import logging

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# What publishing raises when Redis is down or unreachable (refused, reset, timed out).
BROKER_ERRORS = (OperationalError, ConnectionError, TimeoutError, OSError)


def enqueue(task, /, *args, **kwargs) -> bool:
    """Queue ``task``; when the broker cannot be reached, log it and return False instead of raising.

    Callers run after their transaction committed, so what the user asked for has happened; what the task
    owes is made up later (unsent notification e-mails by ``notifications_unsent_sweep``).
    """
    try:
        task.delay(*args, **kwargs)
    except BROKER_ERRORS:
        logger.warning("broker unreachable: %s%r not queued", task.name, args, exc_info=True)
        return False
    return True
