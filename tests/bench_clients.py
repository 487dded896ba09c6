"""Part of ``make bench``: machine clients, personal token against HTTP basic auth, 8 at a time.

Basic auth verifies the password with the production hasher (PBKDF2) on every request; a token is one
indexed lookup of its SHA-256 digest. Both run the same API list as the same reviewer, with the token
throttle lifted so that the rate measured is the portal's, not the throttle's.
"""

import base64
import os
import threading
import time

from django.db import connections
from django.test import Client, override_settings

CLIENTS = int(os.environ.get("BENCH_AUTH_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_AUTH_SECONDS", "6"))
URL = "/api/v1/mines/?page_size=10"
PASSWORD = "Bench-basic-auth-1404"
HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]


def _rate(header: str) -> tuple[float, int]:
    """Requests per second of CLIENTS threads sending ``Authorization: header`` for SECONDS."""
    counts = [0] * CLIENTS
    errors = []
    deadline = time.perf_counter() + SECONDS

    def run(index: int) -> None:
        client = Client(HTTP_AUTHORIZATION=header)
        try:
            while time.perf_counter() < deadline:
                response = client.get(URL)
                if response.status_code != 200:
                    errors.append(response.status_code)
                    return
                counts[index] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"{URL} answered {errors[0]} during the machine-client benchmark")
    return sum(counts) / (time.perf_counter() - started), sum(counts)


def compare_token_and_basic_auth(username: str = "reviewer") -> bool:
    """Print both rates; True when the token reaches at least ten times the basic-auth rate."""
    from django.conf import settings

    from revival_portal.accounts.models import User
    from revival_portal.accounts.tokens import api_token_create

    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": None, "anon": None}
    with override_settings(
        PASSWORD_HASHERS=HASHERS, REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        user = User.objects.get(username=username)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        _token, secret = api_token_create(actor=user, user=user, name="bench", lifetime_days=1)
        basic = base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()
        print(f"\nMachine clients: {CLIENTS} concurrent clients for {SECONDS:.0f} s each on {URL}")
        token_rate, token_count = _rate(f"Bearer {secret}")
        basic_rate, basic_count = _rate(f"Basic {basic}")
    ratio = token_rate / basic_rate if basic_rate else float("inf")
    ok = ratio >= 10
    print(f"  personal token   {token_rate:>8.1f} requests/s ({token_count} requests)")
    print(f"  HTTP basic auth  {basic_rate:>8.1f} requests/s ({basic_count} requests)")
    print(f"  token / basic    {ratio:>8.1f}x (target at least 10x)  {'ok' if ok else 'MISSED'}")
    return ok
