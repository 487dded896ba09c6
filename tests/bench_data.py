"""The benchmark's data set, written straight into PostgreSQL with set-based SQL and COPY.

``build(scale)`` migrates the database named by the current settings, loads the demo (users of every
role, reference data, a few objects made through the services) and then adds a programme of the size
asked for with ``INSERT ... SELECT generate_series(...)``: operators, mines (with their first history
row and other minerals), production reports, loan applications with their events and decisions, loans
with one current schedule, the tranches, the instalments and the repayments (these two computed by the
portal's servicing replay, then copied in). The rows agree with each other the way the services would
leave them: tranches add up to the approved amount, the schedule is the replay's, an instalment is paid
exactly when a repayment of its amount was made on its due date (so no penalty is owed), each
repayment's principal, interest and penalty parts, each instalment's running total and each closed
loan's closing day are the replay's, and each application's status follows its loan. The loans'
running balances are then stored by the portal's own ``financing.balances.balances_store``, and every
history-tracked row written gets its history row dated at its creation (and one more on the day it
took its present state when that came later), so the reports taken as of a past day count them.

Every value comes from a hash of the row's number and dates count back from the start of the day
of the build, so two builds of one scale on one day are identical. A built database remembers a
fingerprint (scale, this file, the migrations); a later run with the same fingerprint reuses it
instead of building again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import time
from contextlib import redirect_stdout
from dataclasses import asdict, dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone


@dataclass(frozen=True)
class Scale:
    name: str
    mines: int
    operators: int
    applications: int  # on distinct mines: at most mines // 3
    loans: int  # the first applications: at most applications
    report_mines: int  # mines that file production reports, REPORT_MONTHS each
    operator_mines: int = 20  # mines of the demo operator, the same at every scale


REPORT_MONTHS = 5

SCALES = {
    "tiny": Scale("tiny", mines=60, operators=12, applications=18, loans=8, report_mines=10),
    "small": Scale("small", mines=1_000, operators=200, applications=300, loans=100, report_mines=100),
    "big": Scale(
        "big", mines=100_000, operators=20_000, applications=30_000, loans=10_000, report_mines=10_000
    ),
}

FINGERPRINT_TABLE = "bench_fingerprint"
# Persian names so that the pages' search finds them ("معدن" is "mine").
MINE_WORD = "معدن"
SHEBA = "IR820540102680020817909002"


def h(expression: str, salt: int) -> str:
    """SQL for a stable pseudo-random non-negative integer from ``expression`` (a row number)."""
    return f"abs(hashint8(({expression})::bigint * 7919 + {salt}))"


def fingerprint(scale: Scale) -> str:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    migrations = sorted(f"{app}.{name}" for app, name in loader.disk_migrations)
    source = Path(__file__).read_bytes()
    digest = hashlib.sha256()
    for part in (repr(asdict(scale)), "\n".join(migrations)):
        digest.update(part.encode())
    digest.update(source)
    return digest.hexdigest()[:20]


def stored_fingerprint() -> str | None:
    if FINGERPRINT_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {FINGERPRINT_TABLE}")
        row = cursor.fetchone()
    return row[0] if row else None


def build(scale: Scale, *, log=print, force: bool = False) -> bool:
    """Make the current database hold ``scale``; False when a matching build was reused."""
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark's data set is built on PostgreSQL (set BENCH_DATABASE_URL).")
    wanted = fingerprint(scale)
    if not force and stored_fingerprint() == wanted:
        log(f"  reusing the {scale.name} data set (fingerprint {wanted})")
        return False
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    quiet = io.StringIO()
    with redirect_stdout(quiet):
        call_command("migrate", verbosity=0, interactive=False)
        call_command("seed_demo", verbosity=0, stdout=quiet)
    log(f"  migrated and seeded in {time.perf_counter() - started:.1f} s")
    fill(scale, log=log)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(f"CREATE TABLE {FINGERPRINT_TABLE} (value text NOT NULL)")
        cursor.execute(f"INSERT INTO {FINGERPRINT_TABLE} VALUES (%s)", [wanted])
    log(f"  {scale.name} data set built in {time.perf_counter() - started:.1f} s")
    return True


def _ids(cursor, sql: str, params=()) -> dict[str, int]:
    cursor.execute(sql, params)
    return dict(cursor.fetchall())


def fill(scale: Scale, *, log=print, today: dt.date | None = None) -> dict[str, int]:
    """Add ``scale``'s rows to a migrated, seeded database; returns the row counts added per table."""
    today = today or timezone.localdate()
    counts = {}
    with transaction.atomic(), connection.cursor() as cursor:
        users = _ids(
            cursor,
            "SELECT username, id FROM accounts_user "
            "WHERE username IN ('operator', 'reviewer', 'fund_officer')",
        )
        groups = _ids(cursor, "SELECT name, id FROM auth_group")
        cursor.execute("SELECT code FROM core_province ORDER BY code")
        provinces = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT id FROM mines_mineral ORDER BY id")
        minerals = [row[0] for row in cursor.fetchall()]
        p = {
            "today": today,
            # Every moment is counted from the start of ``today``: two builds on one day are identical.
            "midnight": timezone.make_aware(dt.datetime.combine(today, dt.time(0))),
            "operator": users["operator"],
            "reviewer": users["reviewer"],
            "officer": users["fund_officer"],
            "operator_group": groups["operator"],
            "provinces": provinces,
            "minerals": minerals,
            "n_mines": scale.mines,
            "n_ops": scale.operators,
            "n_apps": scale.applications,
            "n_loans": scale.loans,
            "n_report_mines": scale.report_mines,
            "own": scale.operator_mines,
            "sheba": SHEBA,
            "word": MINE_WORD,
        }

        def run(label: str, sql: str) -> None:
            started = time.perf_counter()
            cursor.execute(sql, p)
            counts[label] = cursor.rowcount
            log(f"    {label:<28} {cursor.rowcount:>9,} rows  {time.perf_counter() - started:6.1f} s")

        cursor.execute("SET LOCAL synchronous_commit = off")
        # Offsets: the new rows follow whatever the demo made.
        for table in (
            "accounts_user",
            "mines_mine",
            "financing_loanapplication",
            "financing_decision",
            "financing_loan",
            "financing_scheduleversion",
        ):
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            p[f"{table}_base"] = cursor.fetchone()[0]

        run(
            "operators",
            f"""
            INSERT INTO accounts_user (id, password, is_superuser, username, first_name, last_name, is_staff,
                is_active, date_joined, email, company_name, company_legal_id, language, access_version)
            SELECT %(accounts_user_base)s + i, '!', false, 'bench-operator-' || i, 'بهره‌بردار', 'شماره ' || i,
                false, true, %(midnight)s::timestamptz - interval '6 years',
                'bench-operator-' || i || '@example.ir',
                'شرکت معدنی ' || i, '', CASE WHEN {h("i", 1)} %% 4 = 0 THEN 'en' ELSE 'fa' END, 0
            FROM generate_series(1, %(n_ops)s) AS i
            """,
        )
        run(
            "operator roles",
            """
            INSERT INTO accounts_user_groups (user_id, group_id)
            SELECT %(accounts_user_base)s + i, %(operator_group)s FROM generate_series(1, %(n_ops)s) AS i
            """,
        )
        # Mine i: the demo operator owns the first few, the rest go round the operators; every third mine
        # from 1 (while applications last) is verified, since it applies for a loan.
        run(
            "mines",
            f"""
            INSERT INTO mines_mine (id, name, county, latitude, longitude, licence_type, licence_number,
                licence_issued_on, licence_expires_on, revival_stage, jobs_before, jobs_now,
                annual_output_tonnes, proven_reserve_tonnes, verification_status, verification_reason,
                verified_at, created_at, updated_at, operator_id, province_id, verified_by_id,
                primary_mineral_id)
            SELECT %(mines_mine_base)s + i,
                %(word)s || ' ' || m.name_fa || ' ' || i,
                'شهرستان ' || ({h("i", 2)} %% 400),
                round((pr.latitude + ({h("i", 3)} %% 100 - 50) / 1000.0)::numeric, 5),
                round((pr.longitude + ({h("i", 4)} %% 100 - 50) / 1000.0)::numeric, 5),
                (ARRAY['exploration', 'exploitation', 'exploitation', 'harvest'])[1 + {h("i", 5)} %% 4],
                'BN-' || lpad(i::text, 7, '0'),
                v.issued, v.issued + 1500 + ({h("i", 6)} %% 2500),
                (ARRAY['idle', 'idle', 'monitoring', 'intervention', 'active', 'revived'])
                    [1 + {h("i", 7)} %% 6],
                {h("i", 8)} %% 40, {h("i", 9)} %% 60,
                ({h("i", 10)} %% 5000000) / 100.0,
                CASE WHEN {h("i", 11)} %% 3 = 0 THEN NULL ELSE ({h("i", 12)} %% 900000000) / 100.0 END,
                v.status,
                CASE WHEN v.status = 'rejected' THEN 'مدارک پروانه ناقص است' ELSE '' END,
                CASE WHEN v.status = 'pending' THEN NULL ELSE v.created + interval '9 days' END,
                v.created, v.created,
                CASE WHEN i <= %(own)s THEN %(operator)s
                     ELSE %(accounts_user_base)s + 1 + (i %% %(n_ops)s) END,
                pr.code,
                CASE WHEN v.status = 'pending' THEN NULL ELSE %(reviewer)s END,
                m.id
            FROM generate_series(1, %(n_mines)s) AS i
            CROSS JOIN LATERAL (
                SELECT date '2012-01-01' + ({h("i", 13)} %% 3650)::int AS issued,
                    -- registrations spread over six years, in the order of the ids
                    %(midnight)s::timestamptz - interval '6 years'
                        + (i * interval '6 years' / (%(n_mines)s + 1)) AS created,
                    CASE WHEN i %% 3 = 1 AND i / 3 < %(n_apps)s THEN 'verified'
                         ELSE (ARRAY['verified', 'verified', 'verified', 'pending', 'pending', 'rejected'])
                              [1 + {h("i", 14)} %% 6] END AS status
            ) AS v
            JOIN core_province pr
              ON pr.code = (%(provinces)s::text[])[1 + {h("i", 15)} %% cardinality(%(provinces)s::text[])]
            JOIN mines_mineral m
              ON m.id = (%(minerals)s::bigint[])[1 + {h("i", 16)} %% cardinality(%(minerals)s::bigint[])]
            """,
        )
        run(
            "other minerals",
            f"""
            INSERT INTO mines_mine_other_minerals (mine_id, mineral_id)
            SELECT mine.id, o.mineral
            FROM generate_series(1, %(n_mines)s) AS i
            JOIN mines_mine mine ON mine.id = %(mines_mine_base)s + i
            CROSS JOIN LATERAL (
                SELECT (%(minerals)s::bigint[])[1 + {h("i", 17)} %% cardinality(%(minerals)s::bigint[])]
                    AS mineral
            ) AS o
            WHERE {h("i", 18)} %% 10 < 3 AND mine.primary_mineral_id <> o.mineral
            """,
        )
        # Production reports: every (n_mines / report_mines)-th mine, REPORT_MONTHS consecutive months
        # between 1401/01 and 1404/12.
        run(
            "production reports",
            f"""
            INSERT INTO mines_productionreport (period_year, period_month, jobs, tonnes_mined, tonnes_sold,
                revenue_rials, filed_at, filed_by_id, mine_id)
            SELECT 1401 + k / 12, 1 + k %% 12, mine.jobs_now, t.mined, t.mined * 0.8,
                round(t.mined * 4500000), mine.created_at + interval '40 days', mine.operator_id, mine.id
            FROM generate_series(1, %(n_report_mines)s) AS r
            JOIN mines_mine mine
              ON mine.id = %(mines_mine_base)s + 1 + (r - 1) * (%(n_mines)s / %(n_report_mines)s)
            CROSS JOIN generate_series(0, {REPORT_MONTHS - 1}) AS month
            CROSS JOIN LATERAL (SELECT ({h("r", 19)} %% (48 - {REPORT_MONTHS})) + month AS k) AS p
            CROSS JOIN LATERAL (
                SELECT (({h("r * 100 + month", 20)} %% 500000) / 100.0)::numeric(14, 2) AS mined
            ) AS t
            """,
        )
        # Applications: application j is on mine 3j + 1 (verified); the first n_loans become loans, the
        # rest are spread over the other states.
        run(
            "loan applications",
            f"""
            INSERT INTO financing_loanapplication (id, amount_requested, purpose, term_months, grace_months,
                proposed_rate, status, submitted_at, created_at, updated_at, applicant_id, mine_id)
            SELECT %(financing_loanapplication_base)s + j + 1,
                (5 + {h("j", 21)} %% 195) * 100000000::numeric,
                'خرید تجهیزات استخراج و بازسازی معدن',
                24 + 12 * ({h("j", 22)} %% 7), 0, 12 + ({h("j", 23)} %% 5),
                s.status,
                CASE WHEN s.status = 'draft' THEN NULL ELSE s.created + interval '2 days' END,
                s.created, s.created + interval '3 days', mine.operator_id, mine.id
            FROM generate_series(0, %(n_apps)s - 1) AS j
            JOIN mines_mine mine ON mine.id = %(mines_mine_base)s + 3 * j + 1
            CROSS JOIN LATERAL (
                SELECT mine.created_at + interval '20 days' + interval '1 day'
                    * ({h("j", 30)} %% greatest(1, %(today)s::date - mine.created_at::date - 65)) AS created,
                    CASE WHEN j < %(n_loans)s THEN 'repaying'
                         ELSE (ARRAY['draft', 'submitted', 'submitted', 'under_review', 'info_requested',
                                     'recommended', 'approved', 'rejected', 'rejected', 'withdrawn'])
                              [1 + {h("j", 24)} %% 10] END AS status
            ) AS s
            """,
        )
        run(
            "application events",
            """
            INSERT INTO financing_applicationevent (at, from_state, to_state, note, actor_id, application_id)
            SELECT a.submitted_at, 'draft', 'submitted', '', a.applicant_id, a.id
            FROM financing_loanapplication a
            WHERE a.id > %(financing_loanapplication_base)s AND a.status <> 'draft'
            UNION ALL
            SELECT a.submitted_at + interval '5 days', 'submitted', 'under_review', '', %(reviewer)s, a.id
            FROM financing_loanapplication a
            WHERE a.id > %(financing_loanapplication_base)s
              AND a.status NOT IN ('draft', 'submitted', 'withdrawn')
            UNION ALL
            SELECT a.submitted_at + interval '15 days', 'under_review',
                CASE WHEN a.status IN ('repaying', 'closed') THEN 'approved' ELSE a.status END,
                '', %(reviewer)s, a.id
            FROM financing_loanapplication a
            WHERE a.id > %(financing_loanapplication_base)s
              AND a.status IN ('info_requested', 'recommended', 'approved', 'rejected', 'repaying', 'closed')
            """,
        )
        run(
            "decisions",
            """
            INSERT INTO financing_decision (id, outcome, note, decided_at, decided_by_id, application_id,
                rate_policy_id, approved_amount, rate, superseded_at)
            SELECT a.id - %(financing_loanapplication_base)s + %(financing_decision_base)s,
                CASE WHEN a.status = 'rejected' THEN 'rejected' ELSE 'approved' END,
                CASE WHEN a.status = 'rejected' THEN 'ضمانت کافی نیست' ELSE '' END,
                a.submitted_at + interval '15 days', %(reviewer)s, a.id, NULL,
                CASE WHEN a.status = 'rejected' THEN NULL ELSE a.amount_requested END,
                CASE WHEN a.status = 'rejected' THEN NULL ELSE a.proposed_rate END, NULL
            FROM financing_loanapplication a
            WHERE a.id > %(financing_loanapplication_base)s
              AND a.status IN ('approved', 'rejected', 'repaying')
            """,
        )
        # Loans: contracted over the last six years, 24 to 96 monthly instalments from a month later.
        run(
            "loans",
            """
            INSERT INTO financing_loan (id, approved_amount, rate, term_months, grace_months, first_due_date,
                contracted_at, status, contracted_by_id, application_id, rate_policy_id, decision_id,
                penalty_rate, balance_principal_outstanding, balance_overdue_amount, balance_days_past_due,
                balance_penalty_due)
            SELECT %(financing_loan_base)s + j + 1, a.amount_requested, a.proposed_rate, a.term_months, 0,
                c.day + 30, c.day + time '10:00', 'repaying', %(officer)s, a.id, NULL,
                a.id - %(financing_loanapplication_base)s + %(financing_decision_base)s, 2, 0, 0, 0, 0
            FROM generate_series(0, %(n_loans)s - 1) AS j
            JOIN financing_loanapplication a ON a.id = %(financing_loanapplication_base)s + j + 1
            CROSS JOIN LATERAL (SELECT a.created_at::date + 40 AS day) AS c
            """,
        )
        run(
            "schedule versions",
            """
            INSERT INTO financing_scheduleversion (id, number, reason, effective_on, is_current, created_at,
                created_by_id, loan_id)
            SELECT l.id - %(financing_loan_base)s + %(financing_scheduleversion_base)s, 1, 'contract',
                l.contracted_at::date, true, l.contracted_at, %(officer)s, l.id
            FROM financing_loan l WHERE l.id > %(financing_loan_base)s
            """,
        )
        # Tranches: one to four, a week apart from the contract day, adding up to the approved amount.
        run(
            "disbursements",
            f"""
            INSERT INTO financing_disbursement (amount, disbursed_on, bank_reference, destination_sheba,
                recorded_at, recorded_by_id, loan_id)
            SELECT CASE WHEN t = k.count
                        THEN l.approved_amount - floor(l.approved_amount / k.count) * (k.count - 1)
                        ELSE floor(l.approved_amount / k.count) END,
                l.contracted_at::date + 7 * (t - 1), 'TR-' || l.id || '-' || t, %(sheba)s,
                l.contracted_at + (t - 1) * interval '7 days', %(officer)s, l.id
            FROM financing_loan l
            CROSS JOIN LATERAL (
                SELECT (ARRAY[1, 2, 2, 3, 3, 3, 3, 3, 4, 3])[1 + {h("l.id", 28)} %% 10] AS count
            ) AS k
            CROSS JOIN generate_series(1, k.count) AS t
            WHERE l.id > %(financing_loan_base)s
            """,
        )
        # The schedule after the tranches, from the portal's own servicing rules; then the repayments.
        started = time.perf_counter()
        instalments, repayments, closed = schedules(cursor, p, today)
        counts["instalments"], counts["repayments"] = instalments, repayments
        log(f"    {'instalments':<28} {instalments:>9,} rows")
        log(f"    {'repayments':<28} {repayments:>9,} rows  {time.perf_counter() - started:6.1f} s")
        counts["closed loans"] = closed
        cursor.execute(
            """
            UPDATE financing_loanapplication a SET status = l.status
            FROM financing_loan l WHERE l.application_id = a.id AND l.id > %(financing_loan_base)s
            """,
            p,
        )
        for table in (
            "accounts_user",
            "mines_mine",
            "financing_loanapplication",
            "financing_decision",
            "financing_loan",
            "financing_scheduleversion",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        started = time.perf_counter()
        # Statistics of the new rows, so PostgreSQL plans the balances' per-loan subqueries on indexes.
        cursor.execute(
            "ANALYZE financing_loan, financing_disbursement, financing_repayment, financing_instalment, "
            "financing_scheduleversion, financing_loanapplication, financing_applicationevent, mines_mine"
        )
        store_balances(p["financing_loan_base"], today)
        log(f"    {'loan balances':<28} {scale.loans:>9,} loans {time.perf_counter() - started:6.1f} s")
        started = time.perf_counter()
        counts["history"] = history(cursor, p)
        log(f"    {'history':<28} {counts['history']:>9,} rows  {time.perf_counter() - started:6.1f} s")
    return counts


def paid_count(loan_id: int, due: int) -> int:
    """How many of its ``due`` instalments a loan has paid: most all, some a few behind, a few far."""
    spread = (loan_id * 7) % 20
    lag = 0 if spread < 15 else 1 + loan_id % 3 if spread < 18 else 4 + loan_id % 9
    return max(0, due - lag)


def schedules(cursor, p: dict, today: dt.date) -> tuple[int, int, int]:
    """Write each new loan's current schedule and repayments as the portal's servicing replay makes them:
    the schedule from the loan's tranches, one repayment of each paid instalment's amount on its due date
    (so nothing is late and nothing is paid ahead), then the replay of tranches and repayments together
    gives what each instalment has been paid, each repayment's split into principal, interest and penalty,
    and whether (and on which day) the loan closed. Returns (instalments, repayments, closed loans)."""
    from financing import servicing

    cursor.execute(
        """
        SELECT l.id, l.approved_amount, l.rate, l.penalty_rate, l.term_months, l.grace_months,
            l.first_due_date, l.contracted_at, d.disbursed_on, d.amount
        FROM financing_loan l JOIN financing_disbursement d ON d.loan_id = l.id
        WHERE l.id > %(financing_loan_base)s ORDER BY l.id, d.disbursed_on, d.id
        """,
        p,
    )
    loans: dict[int, tuple] = {}
    tranches: dict[int, list] = {}
    for loan_id, *terms, contracted_at, on, paid_out in cursor.fetchall():
        loans[loan_id] = (*terms, timezone.localtime(contracted_at).date())
        tranches.setdefault(loan_id, []).append(servicing.Movement("tranche", on, paid_out))
    instalment_rows, repayment_rows, closed = io.StringIO(), io.StringIO(), []
    instalments = repayments = 0
    version_offset = p["financing_scheduleversion_base"] - p["financing_loan_base"]
    for loan_id, (amount, rate, penalty, term, grace, first_due, contract_day) in loans.items():
        terms = servicing.Terms(amount, rate, penalty, term, grace, first_due, contract_day)
        planned = servicing.replay(terms, tranches[loan_id]).rows
        due = [planned[number] for number in sorted(planned) if planned[number].due_date <= today]
        paid = paid_count(loan_id, len(due))
        payments = [
            servicing.Movement("payment", row.due_date, row.principal + row.interest, ref=row.number)
            for row in due[:paid]
        ]
        # Every tranche is paid out before the first instalment falls due: date order is tranches first.
        state = servicing.replay(terms, [*tranches[loan_id], *payments])
        cumulative = 0
        for number in sorted(state.rows):
            row = state.rows[number]
            amount_due = row.principal + row.interest
            cumulative += amount_due
            instalment_rows.write(
                f"{row.number}\t{row.due_date}\t{row.principal}\t{row.interest}\t{amount_due}\t"
                f"{cumulative}\t{row.paid_principal + row.paid_interest}\t{loan_id}\t{row.paid_interest}\t"
                f"{row.penalty_paid}\t{row.penalty_waived}\t{loan_id + version_offset}\n"
            )
            instalments += 1
        for line in state.lines:
            if line.kind != "repayment":
                continue
            repayment_rows.write(
                f"{line.amount}\t{line.on}\tRP-{loan_id}-{line.ref}\t{line.on} 12:00+00\t"
                f"{loan_id}\t{p['officer']}\t{servicing.Mode.LOWER_INSTALMENT}\t"
                f"{-line.principal}\t{line.interest}\t{line.penalty}\n"
            )
            repayments += 1
        if state.closed:
            closed.append((loan_id, state.on))
    instalment_rows.seek(0)
    cursor.copy_expert(
        "COPY financing_instalment (number, due_date, principal, interest, amount, cumulative_amount, "
        "paid_amount, loan_id, paid_interest, penalty_paid, penalty_waived, version_id) FROM STDIN",
        instalment_rows,
    )
    repayment_rows.seek(0)
    cursor.copy_expert(
        "COPY financing_repayment (amount, paid_on, reference, recorded_at, loan_id, recorded_by_id, "
        "prepayment_mode, principal_part, interest_part, penalty_part) FROM STDIN",
        repayment_rows,
    )
    if closed:
        cursor.execute(
            "UPDATE financing_loan l SET status = 'closed', closed_on = c.day "
            "FROM unnest(%s::bigint[], %s::date[]) AS c(id, day) WHERE l.id = c.id",
            [[loan_id for loan_id, _ in closed], [day for _, day in closed]],
        )
    return instalments, repayments, len(closed)


def store_balances(loan_base: int, today: dt.date) -> None:
    """The new loans' running balances as of ``today``, by the portal's own rule (``financing.balances``):
    the same statement the money services and the nightly refresh run, then the late-payment penalty."""
    from financing.balances import balances_store, penalties_store
    from financing.models import Loan

    loans = Loan.objects.filter(pk__gt=loan_base)
    balances_store(loans, today)
    penalties_store(loans, today)


# The history rows of the new rows of each history-tracked model the builder writes: (model, the
# condition that picks the new rows, when each was created, who created it, columns whose value at
# creation differs from today's). Rows that changed later get a second row on the day they took their
# present state (applications when they reached it, loans when they closed).
CREATED_AT = "(%s + time '12:00') AT TIME ZONE 'Asia/Tehran'"


def history_specs(p: dict) -> list[tuple]:
    from financing.models import (
        Decision,
        Disbursement,
        Instalment,
        Loan,
        LoanApplication,
        Repayment,
    )
    from mines.models import Mine, ProductionReport

    new_loans = f"t.loan_id > {int(p['financing_loan_base'])}"
    last_event = "(SELECT max(e.at) FROM financing_applicationevent e WHERE e.application_id = t.id)"
    contract = "(SELECT l.contracted_at FROM financing_loan l WHERE l.application_id = t.id)"
    closing = (
        "(SELECT " + CREATED_AT % "l.closed_on" + " FROM financing_loan l WHERE l.application_id = t.id)"
    )
    return [
        (Mine, f"t.id > {int(p['mines_mine_base'])}", "t.created_at", "t.operator_id", {}),
        (ProductionReport, f"t.mine_id > {int(p['mines_mine_base'])}", "t.filed_at", "t.filed_by_id", {}),
        (
            LoanApplication,
            f"t.id > {int(p['financing_loanapplication_base'])}",
            "t.created_at",
            "t.applicant_id",
            {"status": "'draft'", "submitted_at": "NULL", "updated_at": "t.created_at"},
        ),
        (
            LoanApplication,
            f"t.id > {int(p['financing_loanapplication_base'])} AND t.status <> 'draft'",
            f"greatest({last_event}, {contract}, {closing})",
            "t.applicant_id",
            "~",
        ),
        (Decision, f"t.id > {int(p['financing_decision_base'])}", "t.decided_at", "t.decided_by_id", {}),
        (
            Loan,
            f"t.id > {int(p['financing_loan_base'])}",
            "t.contracted_at",
            "t.contracted_by_id",
            {"status": "'repaying'", "closed_on": "NULL"},
        ),
        (
            Loan,
            f"t.id > {int(p['financing_loan_base'])} AND t.closed_on IS NOT NULL",
            CREATED_AT % "t.closed_on",
            "t.contracted_by_id",
            "~",
        ),
        (
            Instalment,
            new_loans,
            "(SELECT v.created_at FROM financing_scheduleversion v WHERE v.id = t.version_id)",
            "NULL",
            {"paid_amount": "0", "paid_interest": "0", "penalty_paid": "0", "penalty_waived": "0"},
        ),
        (Disbursement, new_loans, "t.recorded_at", "t.recorded_by_id", {}),
        (Repayment, new_loans, "t.recorded_at", "t.recorded_by_id", {}),
    ]


def history(cursor, p: dict) -> int:
    """Write the history rows of the new rows (see ``history_specs``), as django-simple-history would
    have on their creation, so the reports taken as of a past day see them; returns the rows written."""
    written = 0
    cursor.execute("SELECT coalesce(max(history_id), 0) FROM mines_historicalmine")
    mine_history_base = cursor.fetchone()[0]
    for model, condition, when, who, changed in history_specs(p):
        table = model._meta.db_table
        historical = model.history.model
        own = {field.column for field in model._meta.concrete_fields}
        columns = [f.column for f in historical._meta.concrete_fields if f.column in own]
        overrides = changed if isinstance(changed, dict) else {}
        values = [overrides.get(column, f"t.{column}") for column in columns]
        kind = "+" if isinstance(changed, dict) else changed
        cursor.execute(
            f"INSERT INTO {historical._meta.db_table} ({', '.join(columns)}, history_date, "
            f"history_change_reason, history_type, history_user_id) "
            f"SELECT {', '.join(values)}, {when}, NULL, '{kind}', {who} FROM {table} t WHERE {condition}"
        )
        written += cursor.rowcount
    # The other minerals of each new mine, with its first history row (``HistoricalRecords(m2m_fields)``).
    cursor.execute(
        "INSERT INTO mines_historicalmine_other_minerals (id, mine_id, mineral_id, history_id) "
        "SELECT m.id, m.mine_id, m.mineral_id, h.history_id FROM mines_mine_other_minerals m "
        "JOIN mines_historicalmine h ON h.id = m.mine_id AND h.history_id > %s AND h.history_type = '+' "
        "WHERE m.mine_id > %s",
        [mine_history_base, p["mines_mine_base"]],
    )
    return written + cursor.rowcount


def main() -> None:
    """``python -m tests.bench_data SCALE``: build (or reuse) a data set in BENCH_DATABASE_URL."""
    import sys

    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench_site.settings"
    import django

    django.setup()
    build(SCALES[sys.argv[1] if len(sys.argv) > 1 else "small"], force="--force" in sys.argv)


if __name__ == "__main__":
    main()
