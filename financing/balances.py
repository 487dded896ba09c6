"""A loan's balances on a day, for one loan or thousands, in SQL: outstanding principal, overdue amount,
days past due; the loans active on that day.

One rule, used both ways: ``balances_store`` writes it into the loan's running-balance columns (in the
transaction of every money row, and each night for the passing of days), and ``loans_as_of`` annotates any
set of loans with it for a past date. The rule reads only rows dated on or before the day:

* outstanding principal = tranches paid out on or before the day − the principal part of the repayments
  dated on or before it;
* payments fill the schedule in order (``financing.servicing``: the instalments due, oldest first, then
  the running month), and the instalments due on or before a day never change afterwards (a later
  tranche or prepayment rebuilds only the rest). So with ``paid`` = the interest and principal parts of the
  repayments dated on or before the day, the overdue amount is the amount of the instalments due before
  the day less ``paid`` (never below 0), and the oldest instalment unpaid is the first one due before the
  day whose running total (``Instalment.cumulative_amount``) exceeds ``paid``; days past due count from it;
* a loan is active on the day when it was contracted on or before it (Tehran) and not closed by it
  (``Loan.closed_on``, the date of the movement that closed it).

The late-payment penalty depends on every day between movements; it comes from the servicing replay
(``financing.selectors.penalty_due``) and is stored with the other balances.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    DateField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from financing.choices import ArrearsBucket, LoanStatus
from financing.schedule import ARREARS_BUCKET_DAYS
from revival_portal.core.calendar import TEHRAN
from revival_portal.core.money import MoneyField

ZERO = Decimal(0)
MONEY = MoneyField()
# The loan columns ``balances_store`` keeps, and the names ``loans_as_of`` annotates.
STORED = {
    "outstanding": "balance_principal_outstanding",
    "overdue": "balance_overdue_amount",
    "days_past_due": "balance_days_past_due",
    "penalty": "balance_penalty_due",
}


def _models(apps=None):
    """The models the rule reads: the project's, or a migration's historical ones."""
    if apps is None:
        from financing.models import Disbursement, Instalment, Loan, Repayment

        return Loan, Instalment, Disbursement, Repayment
    return (
        apps.get_model("financing", "Loan"),
        apps.get_model("financing", "Instalment"),
        apps.get_model("financing", "Disbursement"),
        apps.get_model("financing", "Repayment"),
    )


def _total(queryset, expression):
    """The sum of ``expression`` over ``queryset`` (rows of one loan, ``OuterRef("pk")``), 0 if none."""
    return Coalesce(
        Subquery(queryset.order_by().values("loan").annotate(total=Sum(expression)).values("total")),
        Value(ZERO),
        output_field=MONEY,
    )


class DaysBetween(Func):
    """``later - earlier`` in whole days (PostgreSQL date arithmetic; SQLite through julianday)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def balance_expressions(on: dt.date, apps=None) -> dict:
    """Per loan (``OuterRef("pk")``): outstanding principal, overdue amount and days past due on ``on``.

    Subqueries over a loan's own rows (the loan foreign keys are indexed); usable in ``annotate`` and in
    ``update``.
    """
    _loan, instalment, disbursement, repayment = _models(apps)
    repaid = repayment.objects.filter(loan=OuterRef("pk"), paid_on__lte=on)
    paid = _total(repaid, F("principal_part") + F("interest_part"))
    # The current schedule's instalments that fell due before the day.
    fallen = instalment.objects.filter(loan=OuterRef("pk"), version__is_current=True, due_date__lt=on)
    # The same sum inside the instalment subquery, on the outer loan: PostgreSQL then runs it once per loan
    # (an InitPlan), not once per instalment.
    paid_inner = _total(
        repayment.objects.filter(loan=OuterRef(OuterRef("pk")), paid_on__lte=on),
        F("principal_part") + F("interest_part"),
    )
    # Instalments are numbered in due-date order and ``cumulative_amount`` runs in that order: the sum due
    # before the day is the running total of the last instalment fallen due, and the oldest unpaid is the
    # first whose running total exceeds what was paid. Each is one probe of the (loan, number) index.
    fallen_total = Coalesce(
        Subquery(fallen.order_by("-number").values("cumulative_amount")[:1]), Value(ZERO), output_field=MONEY
    )
    oldest_unpaid = Subquery(
        fallen.filter(cumulative_amount__gt=paid_inner).order_by("number").values("due_date")[:1],
        output_field=DateField(),
    )
    return {
        "outstanding": Greatest(
            _total(disbursement.objects.filter(loan=OuterRef("pk"), disbursed_on__lte=on), F("amount"))
            - _total(repaid, F("principal_part")),
            Value(ZERO),
            output_field=MONEY,
        ),
        "overdue": Greatest(fallen_total - paid, Value(ZERO), output_field=MONEY),
        "days_past_due": Coalesce(DaysBetween(Value(on, output_field=DateField()), oldest_unpaid), Value(0)),
    }


def day_end(on: dt.date) -> dt.datetime:
    """Tehran midnight after ``on``: a loan contracted before it was contracted on or before ``on``."""
    return dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min, tzinfo=TEHRAN)


def active_on(on: dt.date) -> Q:
    """Loans active on ``on``: contracted on or before it and not closed by it."""
    return Q(contracted_at__lt=day_end(on)) & (Q(closed_on__isnull=True) | Q(closed_on__gt=on))


def loans_as_of(on: dt.date, loans: QuerySet | None = None) -> QuerySet:
    """``loans`` (default: all) active on ``on``, annotated with ``outstanding``, ``overdue`` and
    ``days_past_due`` as of that day, computed from the dated rows in one statement."""
    if loans is None:
        from financing.models import Loan

        loans = Loan.objects.all()
    return loans.filter(active_on(on)).annotate(**balance_expressions(on))


def loans_current(loans: QuerySet | None = None, on: dt.date | None = None) -> QuerySet:
    """``loans`` (default: all) active today, annotated like ``loans_as_of`` from the stored balances."""
    if loans is None:
        from financing.models import Loan

        loans = Loan.objects.all()
    on = on or timezone.localdate()
    return loans.filter(active_on(on)).annotate(**{name: F(column) for name, column in STORED.items()})


def loans_on(on: dt.date, loans: QuerySet) -> tuple[QuerySet, bool]:
    """``loans`` active on ``on`` with their figures of that day, and whether they are the stored ones:
    today from the stored balances once the night's refresh (or a movement) brought them to today,
    otherwise computed from the dated rows."""
    if on == timezone.localdate() and stored_balances_fresh(loans, on):
        return loans_current(loans, on), True
    return loans_as_of(on, loans), False


def stored_balances_fresh(loans: QuerySet, on: dt.date) -> bool:
    """Whether every loan of ``loans`` active on ``on`` has its stored balances as of ``on``."""
    stale = Q(balance_as_of__isnull=True) | Q(balance_as_of__lt=on)
    return not loans.filter(active_on(on)).filter(stale).exists()


def bucket_filter(bucket: str, field: str = "days_past_due") -> Q:
    """The loans in arrears ``bucket`` by their ``field`` days past due."""
    low, high = ARREARS_BUCKET_DAYS[ArrearsBucket(bucket)]
    condition = Q(**{f"{field}__gte": low})
    if high is not None:
        condition &= Q(**{f"{field}__lte": high})
    return condition


def balances_store(loans: QuerySet, on: dt.date | None = None, *, apps=None) -> int:
    """Write the balances of ``loans`` on ``on`` (default today) into their columns: one UPDATE with the
    same expressions ``loans_as_of`` annotates. The callers hold the loan rows locked."""
    on = on or timezone.localdate()
    expressions = balance_expressions(on, apps)
    return loans.update(
        balance_as_of=on,
        **{STORED[name]: expression for name, expression in expressions.items() if name in STORED},
    )


def penalties_store(loans: QuerySet, on: dt.date) -> None:
    """Store the late-payment penalty due on ``on`` of ``loans`` (whose other balances are as of ``on``):
    the servicing replay of each loan in arrears (no other loan owes a penalty: a payment settles an
    instalment's penalty before its interest and principal)."""
    from financing.selectors import MOVEMENTS, penalty_due

    loans.filter(balance_days_past_due=0).exclude(balance_penalty_due=0).update(balance_penalty_due=0)
    late = list(loans.filter(balance_days_past_due__gt=0).prefetch_related(*MOVEMENTS))
    for loan in late:
        loan.balance_penalty_due = penalty_due(loan, on)
    loans.model.objects.bulk_update(late, ["balance_penalty_due"], batch_size=500)


def loan_balances_store(loan, on: dt.date | None = None) -> None:
    """Store ``loan``'s balances of today (the money services call this in their transaction, with the
    loan row locked) and refresh them on the instance."""
    on = on or timezone.localdate()
    loans = type(loan).objects.filter(pk=loan.pk)
    balances_store(loans, on)
    penalties_store(loans, on)
    loan.refresh_from_db(fields=["balance_as_of", *STORED.values()])


def balances_refresh(on: dt.date | None = None, *, batch: int = 500) -> int:
    """Bring the stored balances of every open loan to ``on`` (default today) for the passing of days.

    In batches, each in its own transaction with its loan rows locked, so a money service on one of them
    waits (or is waited for) and the newer figures always win; loans already as of ``on`` are skipped.
    """
    from financing.models import Loan

    on = on or timezone.localdate()
    stale = Q(balance_as_of__isnull=True) | Q(balance_as_of__lt=on)
    pending = list(
        Loan.objects.exclude(status=LoanStatus.CLOSED)
        .filter(stale)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    written = 0
    for start in range(0, len(pending), batch):
        with transaction.atomic():
            locked = list(
                Loan.objects.select_for_update()
                .filter(stale, pk__in=pending[start : start + batch])
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            loans = Loan.objects.filter(pk__in=locked)
            written += balances_store(loans, on)
            penalties_store(loans, on)
    return written


def bucket_totals(loans: QuerySet, sums=("outstanding", "overdue")) -> dict:
    """The number of ``loans`` and the sums of their ``sums`` columns, overall and per arrears bucket.

    ``loans`` is annotated with ``days_past_due`` and the summed figures (by ``loans_as_of`` or
    ``loans_current``); one grouped statement reads it as a derived table, so each loan's figures are
    computed once. Returns ``{"all": {"count": n, name: sum, ...}, "buckets": {bucket: {...}}}``.
    """
    inner, params = loans.order_by().values("pk", "days_past_due", *sums).query.sql_with_params()
    groups = {"all": ("TRUE", [])}
    for bucket, (low, high) in ARREARS_BUCKET_DAYS.items():
        condition = "b.days_past_due >= %s" + ("" if high is None else " AND b.days_past_due <= %s")
        groups[bucket] = (condition, [low] if high is None else [low, high])
    columns, values, names = [], [], []
    for group, (condition, bounds) in groups.items():
        columns.append(f"COUNT(*) FILTER (WHERE {condition})")
        values += bounds
        names.append((group, "count"))
        for name in sums:
            columns.append(
                f"COALESCE(SUM(b.{connection.ops.quote_name(name)}) FILTER (WHERE {condition}), 0)"
            )
            values += bounds
            names.append((group, name))
    # Materialised, so PostgreSQL computes each loan's figures once instead of inlining their subqueries
    # into every aggregate. Column names and conditions are the constants above; values are parameters.
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    sql = f"WITH b AS {materialized}({inner}) SELECT {', '.join(columns)} FROM b"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *values])
        row = cursor.fetchone()
    result = {"all": {}, "buckets": {bucket: {} for bucket in ARREARS_BUCKET_DAYS}}
    for (group, name), value in zip(names, row, strict=True):
        target = result["all"] if group == "all" else result["buckets"][group]
        target[name] = int(value) if name == "count" else Decimal(int(value))
    return result
