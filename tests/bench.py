"""make bench: the portal's speed and memory targets at programme scale, each request beside a floor.

Run with ``python -m tests.bench`` (``make bench``); README's "Benchmark" section lists the variables.
For each scale (``BENCH_SCALE``: small = 1,000 mines, big = 100,000 mines and about a million money
rows, or both) it builds the data set on PostgreSQL with set-based SQL (``tests/bench_data.py``; a
database already built with the same fingerprint is reused), serves the portal with gunicorn
(2 workers) on the loopback address and requests each page and API list ``BENCH_ROUNDS`` times over
HTTP as the role that uses it. Beside most requests it times a floor: a bare view behind the same
middleware that answers the same request with one hand-written SQL query (``tests/bench_site``).

It prints, per request: median and 95th-percentile time, the SQL queries (counted by a bench-only
middleware), the floor's median and the ratio; then the exports and the report jobs (time and peak
memory of the process). It exits 1 when a target is missed, unless ``BENCH_STRICT=0``.

Targets: every page p95 <= 300 ms and every API list p95 <= 200 ms; pages <= 3x their floor's median
and API lists <= 2x; with both scales, p95 at big <= 1.5x p95 at small for every list and detail; the
same number of queries at page size 10 and 100; the CSV of every mine starts in < 1 s and ends in
< 20 s; the XLSX of every mine in < 60 s and < 250 MB; the fiscal-year report in < 30 s and < 250 MB.
"""

from __future__ import annotations

import atexit
import datetime as dt
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from tests.bench_site.middleware import QUERIES_HEADER, WORKER_HEADER

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "tests.bench_site.settings"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/rp_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
# Comma-separated words: only the requests whose name holds one of them are measured (no exports or jobs).
ONLY = [word.strip() for word in os.environ.get("BENCH_ONLY", "").split(",") if word.strip()]
STRICT = os.environ.get("BENCH_STRICT", "1") != "0"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
BUDGET_S = float(os.environ.get("BENCH_SECONDS_PER_REQUEST", "30"))
MIN_ROUNDS = 5

PAGE_P95_MS = 300.0
API_P95_MS = 200.0
PAGE_FLOOR_RATIO = 3.0
API_FLOOR_RATIO = 2.0
GROWTH = 1.5
CSV_FIRST_BYTE_S = 1.0
CSV_WHOLE_S = 20.0
XLSX_S, XLSX_MB = 60.0, 250.0
REPORT_S, REPORT_MB = 30.0, 250.0


@dataclass(frozen=True)
class Target:
    """One request: who asks, what, and the floor that answers it with one query."""

    name: str
    user: str | None
    # "{mine}", "{application}", "{long_loan}", "{open_request}", "{past}", "{fiscal_year}" and
    # "{fiscal_month}" come from ids()
    url: str
    api: bool = False
    floor: str | None = None  # a floor URL under /bench-floor/
    kind: str = ""  # "list" or "detail": compared between the scales
    same_queries_as: str | None = None  # the name of the target whose query count this one must equal


PAST = "{past}"
TARGETS = [
    Target("home page (public)", None, "/"),
    Target("dashboard (reviewer)", "reviewer", "/dashboard/"),
    Target("dashboard (operator)", "operator", "/dashboard/"),
    Target("mine list, 25 rows (reviewer)", "reviewer", "/mines/", floor="mines/", kind="list"),
    Target("mine list, 10 rows (reviewer)", "reviewer", "/mines/?page_size=10", floor="mines/?page_size=10"),
    Target(
        "mine list, 100 rows (reviewer)",
        "reviewer",
        "/mines/?page_size=100",
        floor="mines/?page_size=100",
        same_queries_as="mine list, 10 rows (reviewer)",
    ),
    Target(
        "mine list, filtered + search (reviewer)",
        "reviewer",
        "/mines/?province=IR-10&q=" + quote("معدن"),
        floor="mines-search/?province=IR-10&q=" + quote("معدن"),
        kind="list",
    ),
    Target("mine list (operator)", "operator", "/mines/", kind="list"),
    Target("mine review queue (reviewer)", "reviewer", "/mines/review/", kind="list"),
    Target("mine review queue, 100 rows (reviewer)", "reviewer", "/mines/review/?page_size=100"),
    Target("mine page (reviewer)", "reviewer", "/mines/{mine}/", floor="mine/?pk={mine}", kind="detail"),
    Target("notifications inbox (operator)", "operator", "/notifications/"),
    Target("notifications inbox, 100 rows (operator)", "operator", "/notifications/?page_size=100"),
    Target(
        "loan applications (reviewer)",
        "reviewer",
        "/financing/applications/",
        floor="applications/",
        kind="list",
    ),
    Target("loan applications, 10 rows (reviewer)", "reviewer", "/financing/applications/?page_size=10"),
    Target(
        "loan applications, 100 rows (reviewer)",
        "reviewer",
        "/financing/applications/?page_size=100",
        same_queries_as="loan applications, 10 rows (reviewer)",
    ),
    Target(
        "application page (reviewer)", "reviewer", "/financing/applications/{application}/", kind="detail"
    ),
    Target("loans (fund officer)", "fund_officer", "/financing/loans/", floor="loans/", kind="list"),
    Target("loans, 10 rows (fund officer)", "fund_officer", "/financing/loans/?page_size=10"),
    Target(
        "loans, 100 rows (fund officer)",
        "fund_officer",
        "/financing/loans/?page_size=100",
        same_queries_as="loans, 10 rows (fund officer)",
    ),
    Target(
        "loan page (fund officer)",
        "fund_officer",
        "/financing/loans/{long_loan}/",
        floor="loan/?pk={long_loan}",
        kind="detail",
    ),
    Target("statement (operator)", "operator", "/financing/loans/{long_loan}/statement/", kind="detail"),
    Target(
        "portfolio and arrears (fund officer)",
        "fund_officer",
        "/financing/portfolio/",
        floor="portfolio/",
        kind="list",
    ),
    Target(
        "portfolio as of a past date (fund officer)",
        "fund_officer",
        f"/financing/portfolio/?on={PAST}",
        floor=f"portfolio-on/?on={PAST}",
        kind="list",
    ),
    Target("unit requests (reviewer)", "reviewer", "/equipment/", kind="list"),
    Target("unit requests, 100 rows (reviewer)", "reviewer", "/equipment/?page_size=100"),
    Target("request with suitable units (reviewer)", "reviewer", "/equipment/requests/{open_request}/"),
    Target("fleet utilisation (reviewer)", "reviewer", "/equipment/utilisation/"),
    Target("open tenders (public)", None, "/equipment/tenders/"),
    Target("transparency page (public)", None, "/reports/transparency/"),
    Target("transparency, last fiscal year (public)", None, "/reports/transparency/?period={fiscal_year}"),
    Target("transparency, a month of it (public)", None, "/reports/transparency/?period={fiscal_month}"),
    Target("programme dashboard (reviewer)", "reviewer", "/reports/dashboard/", floor="dashboard/"),
    Target(
        "programme dashboard, last fiscal year (reviewer)",
        "reviewer",
        "/reports/dashboard/?period={fiscal_year}",
    ),
    Target(
        "programme dashboard, a month of it (reviewer)",
        "reviewer",
        "/reports/dashboard/?period={fiscal_month}",
    ),
    Target("report list (fund officer)", "fund_officer", "/reports/"),
    Target("report list, 100 rows (fund officer)", "fund_officer", "/reports/?page_size=100"),
    Target("API mines, 10 rows (reviewer)", "reviewer", "/api/v1/mines/?page_size=10", api=True),
    Target(
        "API mines, 100 rows (reviewer)",
        "reviewer",
        "/api/v1/mines/?page_size=100",
        api=True,
        floor="api-mines/?page_size=100",
        kind="list",
        same_queries_as="API mines, 10 rows (reviewer)",
    ),
    Target(
        "API production reports (reviewer)",
        "reviewer",
        "/api/v1/production-reports/?page_size=100",
        api=True,
        floor="api-production-reports/?page_size=100",
        kind="list",
    ),
    Target(
        "API loan applications, 10 rows (reviewer)",
        "reviewer",
        "/api/v1/loan-applications/?page_size=10",
        api=True,
    ),
    Target(
        "API loan applications (reviewer)",
        "reviewer",
        "/api/v1/loan-applications/?page_size=100",
        api=True,
        floor="api-applications/?page_size=100",
        kind="list",
        same_queries_as="API loan applications, 10 rows (reviewer)",
    ),
    Target("API loans, 10 rows (fund officer)", "fund_officer", "/api/v1/loans/?page_size=10", api=True),
    Target(
        "API loans, 100 rows (fund officer)",
        "fund_officer",
        "/api/v1/loans/?page_size=100",
        api=True,
        kind="list",
        same_queries_as="API loans, 10 rows (fund officer)",
    ),
    Target(
        "API disbursements (fund officer)",
        "fund_officer",
        "/api/v1/disbursements/?page_size=100",
        api=True,
        floor="api-disbursements/?page_size=100",
        kind="list",
    ),
    Target(
        "API repayments (fund officer)",
        "fund_officer",
        "/api/v1/repayments/?page_size=100",
        api=True,
        floor="api-repayments/?page_size=100",
        kind="list",
    ),
]


@dataclass
class Result:
    name: str
    median: float
    p95: float
    queries: int | None
    floor_median: float | None = None
    floor_queries: int | None = None
    misses: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        return self.median / self.floor_median if self.floor_median else None


# ---------------------------------------------------------------------------------------------- set-up


def database_url(scale: str) -> str:
    """Small uses BENCH_DATABASE_URL; big uses BENCH_BIG_DATABASE_URL, else the same name + "_big"."""
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    if scale != "big":
        return url
    return os.environ.get("BENCH_BIG_DATABASE_URL") or url.rstrip("/") + "_big"


def ensure_database(url: str) -> None:
    """Create the bench database when the server has none of that name (it is scratch: rebuilt at will)."""
    import psycopg2
    from psycopg2 import errors

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    try:
        psycopg2.connect(url).close()
    except psycopg2.OperationalError as error:
        if f'"{name}" does not exist' not in str(error):
            raise
        connection = psycopg2.connect(parts._replace(path="/postgres").geturl())
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        except errors.DuplicateDatabase:
            pass
        finally:
            connection.close()


def setup_django(scale: str) -> None:
    ensure_database(database_url(scale))
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ["DATABASE_URL"] = database_url(scale)
    # As deployed, the workers share one cache (Redis): roles, unread counts and figures cached by one
    # worker serve the other.
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Built reports and exports go to a temporary folder of this run, removed at exit.
    if "PRIVATE_MEDIA_ROOT" not in os.environ:
        os.environ["PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="revival-portal-bench-media-")
        atexit.register(shutil.rmtree, os.environ["PRIVATE_MEDIA_ROOT"], ignore_errors=True)
    import django

    django.setup()


def ids() -> dict[str, object]:
    """The objects the targets open: a mine and an application in the middle of the registry, the
    demo operator's loan with the most repayments, an open unit request, a day a year ago, the last
    closed fiscal year and its seventh month (``?period=`` of the dashboard and the public page)."""
    from django.db.models import Count
    from django.utils import timezone

    from equipment.choices import RequestStatus
    from equipment.models import UnitRequest
    from financing.models import Loan, LoanApplication
    from mines.models import Mine
    from revival_portal.reports.periods import Period

    closed_year = Period.current_fiscal_year(timezone.localdate()).year - 1
    mines = Mine.objects.order_by("pk").values_list("pk", flat=True)
    applications = LoanApplication.objects.order_by("pk").values_list("pk", flat=True)
    long_loan = (
        Loan.objects.filter(application__applicant__username="operator")
        .annotate(movements=Count("repayments"))
        .order_by("-movements", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "mine": mines[mines.count() // 2],
        "application": applications[applications.count() // 2],
        "long_loan": long_loan,
        "open_request": UnitRequest.objects.filter(status=RequestStatus.REQUESTED)
        .values_list("pk", flat=True)
        .first(),
        "past": (timezone.localdate() - dt.timedelta(days=365)).isoformat(),
        "fiscal_year": str(Period(closed_year)),
        "fiscal_month": str(Period(closed_year, 7)),
    }


def session_cookies() -> dict[str | None, str]:
    """A signed-in session per demo user, made the way the sign-in page makes it."""
    from django.test import Client

    from revival_portal.accounts.models import User

    cookies: dict[str | None, str] = {None: ""}
    for username in {target.user for target in TARGETS if target.user}:
        client = Client()
        client.force_login(User.objects.get(username=username))
        cookies[username] = f"sessionid={client.cookies['sessionid'].value}"
    return cookies


class Server:
    """gunicorn serving the bench site on the loopback address."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "revival_portal.wsgi:application",
            f"--bind=127.0.0.1:{PORT}",
            f"--workers={WORKERS}",
            "--timeout=300",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get("/health/").status == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit("gunicorn did not answer /health/ within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


# -------------------------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Answer:
    status: int
    ms: float  # the whole answer
    queries: int | None  # counted by the bench middleware
    first_ms: float  # to the first byte
    worker: str | None  # the process that answered


def get(url: str, cookie: str = "") -> Answer:
    """GET ``url`` and time it."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)
    headers = {"Host": "127.0.0.1", "Accept-Language": "fa"}
    if cookie:
        headers["Cookie"] = cookie
    started = time.perf_counter()
    connection.request("GET", url, headers=headers)
    response = connection.getresponse()
    response.read(1)
    first = time.perf_counter() - started
    while response.read(65536):
        pass
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    queries = response.getheader(QUERIES_HEADER)
    worker = response.getheader(WORKER_HEADER)
    return Answer(response.status, elapsed, int(queries) if queries else None, first * 1000, worker)


def timed(url: str, cookie: str) -> tuple[list[float], int | None, int]:
    """ROUNDS timings of ``url`` and its usual query count after a warm-up (templates, plans, caches);
    stops at an answer not 200, and after BUDGET_S seconds once MIN_ROUNDS rounds are in (a page of many
    seconds is slow enough); a request slower than BUDGET_S on its own is timed once."""
    started = time.monotonic()
    warmed = set()
    # Until every worker has answered it (which worker takes a connection is the kernel's choice).
    for _warm_up in range(WORKERS * 10):
        answer = get(url, cookie)
        if answer.status != 200 or answer.ms > BUDGET_S * 1000:
            return [answer.ms], answer.queries, answer.status  # slower than the budget: measured once
        warmed.add(answer.worker)
        if len(warmed) >= WORKERS or time.monotonic() - started > BUDGET_S / 4:
            break
    times, counts = [], []
    for _round in range(ROUNDS):
        answer = get(url, cookie)
        status = answer.status
        times.append(answer.ms)
        counts.append(answer.queries)
        if status != 200:
            break
        if len(times) >= MIN_ROUNDS and time.monotonic() - started > BUDGET_S:
            break
    counted = [q for q in counts if q is not None]
    # The usual count: a round that refills an expired cache entry (roles, the unread count) costs a query
    # or two more, whatever the page size.
    return times, statistics.mode(counted) if counted else None, status


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def measure(target: Target, cookies: dict, values: dict) -> Result:
    url = target.url.format(**values)
    times, queries, status = timed(url, cookies[target.user])
    result = Result(target.name, statistics.median(times), p95(times), queries)
    if status != 200:
        result.misses.append(f"answered {status}")
    if target.floor:
        floor_times, result.floor_queries, status = timed("/bench-floor/" + target.floor.format(**values), "")
        result.floor_median = statistics.median(floor_times)
        if status != 200:
            result.misses.append(f"floor answered {status}")
    limit = API_P95_MS if target.api else PAGE_P95_MS
    if result.p95 > limit:
        result.misses.append(f"p95 > {limit:.0f} ms")
    ratio = API_FLOOR_RATIO if target.api else PAGE_FLOOR_RATIO
    if result.ratio is not None and result.ratio > ratio:
        result.misses.append(f"> {ratio:.0f}x floor")
    return result


def check_same_queries(results: dict[str, Result]) -> None:
    for target in TARGETS:
        if target.same_queries_as and target.name in results and target.same_queries_as in results:
            mine, other = results[target.name], results[target.same_queries_as]
            if mine.queries != other.queries:
                mine.misses.append(f"queries {other.queries} at 10 rows")


def csv_export(cookies: dict) -> dict:
    """The CSV of every mine as a reviewer: time to the first byte and to the last."""
    answer = get("/exports/mines.csv", cookies["reviewer"])
    status, whole, first = answer.status, answer.ms, answer.first_ms
    misses = []
    if status != 200:
        misses.append(f"answered {status}")
    if first > CSV_FIRST_BYTE_S * 1000:
        misses.append(f"first byte > {CSV_FIRST_BYTE_S:.0f} s")
    if whole > CSV_WHOLE_S * 1000:
        misses.append(f"whole > {CSV_WHOLE_S:.0f} s")
    return {
        "name": "CSV of every mine (reviewer)",
        "first_s": first / 1000,
        "whole_s": whole / 1000,
        "misses": misses,
    }


def job(kind: str, scale: str) -> dict:
    """Run ``kind`` (xlsx, report) in a process of its own: wall time and the process's peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.bench", "--job", kind],
        cwd=ROOT,
        env={**os.environ, "BENCH_SCALE": scale},
        stdout=subprocess.PIPE,
        text=True,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = process.stdout.read().strip() if process.stdout else ""
    name, _, peak = output.rpartition("\n")
    # The job's own high-water mark (VmHWM); the rusage's maxrss would carry this process's over the exec.
    peak_mb = int(peak) / 1024 if peak.isdigit() else usage.ru_maxrss / 1024
    seconds_limit, mb_limit = (XLSX_S, XLSX_MB) if kind == "xlsx" else (REPORT_S, REPORT_MB)
    misses = []
    if os.waitstatus_to_exitcode(status) != 0:
        misses.append("failed")
    if seconds > seconds_limit:
        misses.append(f"> {seconds_limit:.0f} s")
    if peak_mb > mb_limit:
        misses.append(f"> {mb_limit:.0f} MB")
    return {"name": name or kind, "seconds": seconds, "peak_mb": peak_mb, "misses": misses}


def run_job(kind: str) -> None:
    """In the job's own process: the XLSX of every mine through the page, or last fiscal year's report.

    Prints what it built, then on the last line the process's peak resident memory in KiB."""
    _run_job(kind)
    status = Path("/proc/self/status")
    peak = next(
        (line.split()[1] for line in status.read_text().splitlines() if line.startswith("VmHWM:")), ""
    )
    print(peak)


def _run_job(kind: str) -> None:
    from django.utils import timezone

    from revival_portal.accounts.models import User
    from revival_portal.core.calendar import fiscal_year_of

    if kind == "xlsx":
        from django.db import transaction

        from mines.models import Mine
        from revival_portal.core.export_jobs import export_job_request, export_job_run
        from revival_portal.core.models import ExportJob

        # The export job as Celery runs it: the XLSX of every mine in Persian, written to private storage.
        with transaction.atomic():
            job = export_job_request(
                owner=User.objects.get(username="reviewer"),
                export_name="mines",
                query="",
                language="fa",
                total_rows=Mine.objects.count(),
            )
        export_job_run(job_id=job.pk)  # a no-op when the queue already built it in this process
        job = ExportJob.objects.get(pk=job.pk)
        assert job.file, job.status
        print(f"XLSX of every mine (reviewer, {job.file.size / 2**20:.1f} MB)")
        return
    from revival_portal.reports.choices import PeriodKind, ReportStatus
    from revival_portal.reports.models import ProgrammeReport
    from revival_portal.reports.services import programme_report_request

    year = fiscal_year_of(timezone.localdate()) - 1
    # The bench database is scratch: a report of this year built before would be reused, not measured.
    ProgrammeReport.objects.filter(period_kind=PeriodKind.FISCAL_YEAR, jalali_year=year).delete()
    report = programme_report_request(
        actor=User.objects.get(username="fund_officer"), period_kind=PeriodKind.FISCAL_YEAR, jalali_year=year
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.status
    print(f"fiscal-year report {year}, as of its last day")


# ---------------------------------------------------------------------------------------------- running


def run_scale(scale: str) -> dict:
    """Build (or reuse) ``scale``, serve it and measure every target; returns the results as a dict."""
    setup_django(scale)
    from django.core.cache import cache
    from django.db import connection

    from tests.bench_data import SCALES, build

    print(f"\n== {scale}: {connection.settings_dict['NAME']} ==", flush=True)
    build(SCALES[scale], log=lambda line: print(line, flush=True))
    # The data set may have been rebuilt without the signals that replace the cache's tokens.
    cache.clear()
    values = ids()
    cookies = session_cookies()
    connection.close()
    results: dict[str, Result] = {}
    with Server():
        header = f"{'request':<46} {'median':>9} {'p95':>9} {'queries':>7} {'floor':>9} {'ratio':>6}  result"
        print(header)
        print("-" * len(header))
        for target in TARGETS:
            if ONLY and not any(word in target.name for word in ONLY):
                continue
            result = results[target.name] = measure(target, cookies, values)
            if target.same_queries_as:
                check_same_queries(results)
            print(_row(result), flush=True)
        export = None if ONLY else csv_export(cookies)
    jobs = [] if ONLY else [export, job("xlsx", scale), job("report", scale)]
    print()
    for item in jobs:
        if "first_s" in item:
            print(f"{item['name']:<46} first byte {item['first_s']:6.2f} s, whole {item['whole_s']:6.2f} s  "
                  f"{_verdict(item['misses'])}")  # fmt: skip
        else:
            print(f"{item['name']:<46} {item['seconds']:6.1f} s, peak {item['peak_mb']:6.0f} MB  "
                  f"{_verdict(item['misses'])}")  # fmt: skip
    data = {
        "scale": scale,
        "results": {name: {**r.__dict__, "ratio": r.ratio} for name, r in results.items()},
        "jobs": jobs,
    }
    if scale == "small" and os.environ.get("BENCH_AUTH_SECONDS", "6") != "0":
        from tests.bench_clients import compare_token_and_basic_auth

        data["auth_ok"] = compare_token_and_basic_auth()
    return data


def _row(result: Result) -> str:
    floor = f"{result.floor_median:7.1f}ms" if result.floor_median else f"{'-':>9}"
    ratio = f"{result.ratio:5.1f}x" if result.ratio else f"{'-':>6}"
    queries = "?" if result.queries is None else str(result.queries)
    return (
        f"{result.name:<46} {result.median:7.1f}ms {result.p95:7.1f}ms {queries:>7} {floor} {ratio}  "
        f"{_verdict(result.misses)}"
    )


def _verdict(misses: list[str]) -> str:
    return "ok" if not misses else "MISSED: " + "; ".join(misses)


def growth(small: dict, big: dict) -> list[str]:
    """p95 at big against p95 at small for every list and detail."""
    print(f"\n{'growth from small to big':<46} {'p95 small':>10} {'p95 big':>10} {'x':>6}  result")
    misses = []
    for target in TARGETS:
        if not target.kind or target.name not in small["results"] or target.name not in big["results"]:
            continue
        before, after = small["results"][target.name]["p95"], big["results"][target.name]["p95"]
        factor = after / before
        verdict = "ok" if factor <= GROWTH else f"MISSED: > {GROWTH}x"
        if factor > GROWTH:
            misses.append(target.name)
        print(f"{target.name:<46} {before:8.1f}ms {after:8.1f}ms {factor:5.1f}x  {verdict}")
    return misses


def missed(data: dict) -> int:
    count = sum(bool(r["misses"]) for r in data["results"].values())
    count += sum(bool(j["misses"]) for j in data["jobs"])
    return count + (data.get("auth_ok") is False)


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--job":
        setup_django(os.environ.get("BENCH_SCALE", "small"))
        run_job(sys.argv[2])
        return 0
    if len(sys.argv) > 2 and sys.argv[1] == "--scale":
        data = run_scale(sys.argv[2])
        Path(sys.argv[3]).write_text(json.dumps(data, default=str))
        return 0
    scale = os.environ.get("BENCH_SCALE", "small")
    scales = ["small", "big"] if scale == "both" else [scale]
    if any(s not in ("small", "big") for s in scales):
        raise SystemExit("BENCH_SCALE is small, big or both")
    print(f"Benchmark: {', '.join(scales)}; {ROUNDS} rounds per request; gunicorn with {WORKERS} workers")
    runs = {}
    for name in scales:
        # Each scale in a process of its own: Django binds its database at start-up.
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            code = subprocess.call([sys.executable, "-m", "tests.bench", "--scale", name, out.name], cwd=ROOT)
            if code != 0:
                print(f"the {name} run failed (exit {code})")
                return 1
            runs[name] = json.loads(Path(out.name).read_text())
    failures = sum(missed(data) for data in runs.values())
    if len(runs) == 2:
        failures += len(growth(runs["small"], runs["big"]))
    print(f"\n{failures} target(s) missed." if failures else "\nEvery target met.")
    if failures and not STRICT:
        print("BENCH_STRICT=0: reported only.")
        return 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
