"""make bench: the portal's speed and memory targets, measured on a programme-sized data set.

Run with ``python -m tests.bench`` (``make bench``). It builds a scratch database (SQLite in /tmp, or the
database named by ``BENCH_DATABASE_URL``), loads the demo data, scales the registry up to
``BENCH_MINES`` mines (5,000 by default), then requests each page and API list below ``BENCH_ROUNDS``
times as the role that uses it. It prints the median and 95th-percentile time, the SQL queries per request
and the peak Python memory per request, and exits 1 when any target is missed. Last, it compares machine
clients: a personal API token against HTTP basic auth, 8 concurrent clients on the same API list
(``tests/bench_clients.py``).
"""

import atexit
import copy
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass

os.environ["DJANGO_SETTINGS_MODULE"] = "revival_portal.settings.test"
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Built reports go to a temporary folder of this run, removed at exit; never into the project.
if "PRIVATE_MEDIA_ROOT" not in os.environ:
    os.environ["PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="revival-portal-bench-media-")
    atexit.register(shutil.rmtree, os.environ["PRIVATE_MEDIA_ROOT"], ignore_errors=True)
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "sqlite:////tmp/revival-portal-bench.sqlite3"
)

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

MINES = int(os.environ.get("BENCH_MINES", "5000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))


@dataclass(frozen=True)
class Target:
    """One request and what it must stay under."""

    name: str
    user: str | None
    url: str  # may name an object: "{open_request}" is filled in by ``placeholders()``
    p95_ms: float
    max_queries: int
    max_memory_mb: float = 20.0


TARGETS = [
    Target("home page (public)", None, "/", 50, 2),
    Target("dashboard (reviewer)", "reviewer", "/dashboard/", 250, 40),
    Target("dashboard (operator)", "operator", "/dashboard/", 250, 40),
    Target("mine list, 25 rows (reviewer)", "reviewer", "/mines/", 250, 15),
    Target("mine list, 100 rows (reviewer)", "reviewer", "/mines/?page_size=100", 400, 15),
    Target("mine list, filtered + search (reviewer)", "reviewer", "/mines/?province=IR-10&q=معدن", 250, 15),
    Target("mine list (operator)", "operator", "/mines/", 200, 15),
    Target("mine review queue (reviewer)", "reviewer", "/mines/review/", 250, 15),
    Target("API mines, 100 rows (reviewer)", "reviewer", "/api/v1/mines/?page_size=100", 400, 12),
    Target(
        "API production reports (reviewer)", "reviewer", "/api/v1/production-reports/?page_size=100", 300, 12
    ),
    Target("mine export CSV, all mines (reviewer)", "reviewer", "/exports/mines.csv", 3000, 15, 40.0),
    Target("notifications inbox (operator)", "operator", "/notifications/", 150, 10),
    Target("loan applications (reviewer)", "reviewer", "/financing/applications/", 250, 15),
    Target("application page (reviewer)", "reviewer", "/financing/applications/{application}/", 250, 40),
    Target("loans (fund officer)", "fund_officer", "/financing/loans/", 250, 15),
    Target(
        "loan page, 120 instalments (fund officer)", "fund_officer", "/financing/loans/{long_loan}/", 400, 30
    ),
    Target(
        "statement, 200 movements (operator)", "operator", "/financing/loans/{long_loan}/statement/", 400, 15
    ),
    Target("portfolio and arrears (fund officer)", "fund_officer", "/financing/portfolio/", 300, 20),
    Target(
        "API loan applications (reviewer)", "reviewer", "/api/v1/loan-applications/?page_size=100", 300, 15
    ),
    Target("unit requests (reviewer)", "reviewer", "/equipment/", 250, 15),
    Target(
        "request with suitable units (reviewer)", "reviewer", "/equipment/requests/{open_request}/", 300, 25
    ),
    Target("fleet utilisation (reviewer)", "reviewer", "/equipment/utilisation/", 300, 20),
    Target("open tenders (public)", None, "/equipment/tenders/", 150, 10),
    Target("transparency page (public)", None, "/reports/transparency/", 300, 20),
    Target("programme dashboard (reviewer)", "reviewer", "/reports/dashboard/", 150, 30),
    Target("report list (fund officer)", "fund_officer", "/reports/", 200, 15),
]


def placeholders() -> dict[str, int]:
    """Ids of demo objects the targets open."""
    from equipment.choices import RequestStatus
    from equipment.models import UnitRequest
    from financing.models import LoanApplication

    return {
        "application": LoanApplication.objects.order_by("pk").values_list("pk", flat=True).first(),
        "long_loan": long_loan().pk,
        "open_request": UnitRequest.objects.filter(status=RequestStatus.REQUESTED).values_list(
            "pk", flat=True
        )[0],
    }


def long_loan():
    """A 120-instalment loan of the demo operator with 200 movements (2 tranches, 198 repayments, paid
    half on the due date and the rest, with its penalty, five days late), built through the services."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from financing import services
    from financing.choices import ApplicationStatus
    from financing.demo import SHEBA
    from financing.models import Loan, LoanApplication
    from financing.schedule import add_jalali_months
    from financing.selectors import loan_replay
    from revival_portal.accounts.models import User

    existing = Loan.objects.filter(term_months=120).first()
    if existing:
        return existing
    officer = User.objects.get(username="fund_officer")
    application = LoanApplication.objects.filter(
        status=ApplicationStatus.APPROVED, applicant__username="operator"
    ).first()
    today = timezone.localdate()
    contracted_on = add_jalali_months(today, -122)
    loan = services.loan_contract(
        application=application,
        actor=officer,
        approved_amount=application.amount_requested,
        rate=Decimal("12.00"),
        term_months=120,
        grace_months=0,
        first_due_date=add_jalali_months(contracted_on, 1),
        contracted_on=contracted_on,
    )
    half = (loan.approved_amount / 2).quantize(Decimal(1))
    for day, amount in (
        (contracted_on, half),
        (contracted_on + dt.timedelta(days=10), loan.approved_amount - half),
    ):
        services.disbursement_record(
            loan=loan, actor=officer, amount=amount, disbursed_on=day, bank_reference="BENCH",
            destination_sheba=SHEBA,
        )  # fmt: skip
    for instalment in list(loan.instalments.order_by("number")[:99]):
        services.repayment_record(
            loan=loan,
            actor=officer,
            amount=instalment.amount // 2,
            paid_on=instalment.due_date,
            reference="B1",
        )
        late = instalment.due_date + dt.timedelta(days=5)
        row = loan_replay(loan, late).rows[instalment.number]
        services.repayment_record(
            loan=loan, actor=officer, amount=row.remaining + row.penalty_due, paid_on=late, reference="B2"
        )
    return loan


def build_data() -> None:
    """Migrate a fresh scratch database, load the demo and scale the registry up to MINES mines."""
    call_command("flush", interactive=False, verbosity=0) if _has_tables() else None
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from mines.models import Mine

    existing = list(Mine.objects.all()[:200])
    missing = MINES - Mine.objects.count()
    clones = []
    for index in range(max(missing, 0)):
        mine = copy.copy(existing[index % len(existing)])
        mine.pk = None
        mine.licence_number = f"BENCH-{index:06d}"
        mine.name = f"{mine.name} {index}"
        clones.append(mine)
    Mine.objects.bulk_create(clones, batch_size=1000)


def _has_tables() -> bool:
    return "django_migrations" in connection.introspection.table_names()


def measure(target: Target, clients: dict[str, Client], ids: dict[str, int]) -> dict:
    client = clients.setdefault(target.user or "", _client(target.user))
    url = target.url.format(**ids)
    _consume(client.get(url))  # warm-up: template and query caches
    times, queries = [], []
    for _round in range(ROUNDS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            _consume(response)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
        if response.status_code != 200:
            raise SystemExit(f"{target.name}: {url} answered {response.status_code}")
    # Memory in a pass of its own: tracing allocations slows the request down.
    tracemalloc.start()
    _consume(client.get(url))
    memory = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return {
        "median": statistics.median(times),
        "p95": p95,
        "queries": max(queries),
        "memory": memory,
        "ok": p95 <= target.p95_ms and max(queries) <= target.max_queries and memory <= target.max_memory_mb,
    }


def _client(username: str | None) -> Client:
    from revival_portal.accounts.models import User

    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _consume(response) -> None:
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass


def main() -> int:
    setup_test_environment()
    print(f"Building the data set ({MINES} mines) in {connection.settings_dict['NAME']} ...", flush=True)
    started = time.perf_counter()
    build_data()
    print(f"  ready in {time.perf_counter() - started:.1f} s\n")
    header = f"{'request':<44} {'median':>8} {'p95':>8} {'target':>8} {'queries':>8} {'peak MB':>8}  "
    print(header)
    print("-" * len(header))
    clients: dict[str, Client] = {}
    ids = placeholders()
    failures = 0
    for target in TARGETS:
        result = measure(target, clients, ids)
        failures += not result["ok"]
        print(
            f"{target.name:<44} {result['median']:>6.1f}ms {result['p95']:>6.1f}ms {target.p95_ms:>6.0f}ms "
            f"{result['queries']:>4}/{target.max_queries:<3} {result['memory']:>8.1f}  "
            f"{'ok' if result['ok'] else 'MISSED'}"
        )
    print(f"\n{len(TARGETS) - failures} of {len(TARGETS)} targets met ({ROUNDS} rounds each).")
    from tests.bench_clients import compare_token_and_basic_auth

    failures += not compare_token_and_basic_auth()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
