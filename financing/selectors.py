"""Reads for the fund's portfolio (outstanding principal and arrears by bucket) and for the API's lists."""

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache, partial
from types import MappingProxyType

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from financing import balances, servicing
from financing.choices import ArrearsBucket
from financing.figures import cached_money_figures
from financing.models import ApplicationEvent, Disbursement, Instalment, Loan, ScheduleVersion
from financing.schedule import arrears_bucket
from revival_portal.accounts.models import User
from revival_portal.core import versioned_cache
from revival_portal.core.money import MoneyField, WholeRials

ZERO = Decimal(0)
# The loan's dated rows the servicing replay reads, by related name.
MOVEMENTS = ("disbursements", "repayments", "cancellations", "waivers")


# What a schedule row shows (the API's instalments): plain values, since a page of loans holds thousands.
SCHEDULE_COLUMNS = ("loan_id", "number", "due_date", "principal", "interest", "amount", "paid_amount")


def current_schedules(*, loan_ids: list[int]) -> dict[int, list[dict]]:
    """Each loan's current schedule in order, as ``SCHEDULE_COLUMNS`` rows, in one query.

    The amounts are read as integers (``WholeRials``): a page of a hundred loans holds some 6,000 rows, and
    the API writes an integer as it writes the Decimal of the same amount.
    """
    schedules: dict[int, list[dict]] = {loan_id: [] for loan_id in loan_ids}
    rows = Instalment.objects.filter(loan_id__in=loan_ids).order_by("loan_id", "number")
    columns = [
        WholeRials(name) if isinstance(Instalment._meta.get_field(name), MoneyField) else name
        for name in SCHEDULE_COLUMNS
    ]
    for row in rows.values_list(*columns):
        schedules[row[0]].append(dict(zip(SCHEDULE_COLUMNS, row, strict=True)))
    return schedules


def _with_names(rows: list[dict], person: str) -> list[dict]:
    """``rows`` with ``person`` (a user's name, as ``str(user)``) beside its ``<person>_id``."""
    names = User.display_names(row[f"{person}_id"] for row in rows)
    for row in rows:
        row[person] = names.get(row[f"{person}_id"])
    return rows


def schedule_versions(*, loan_ids: list[int]) -> dict[int, list[dict]]:
    """Each loan's schedule versions in order, as rows naming who made them: two queries whatever the
    number."""
    versions: dict[int, list[dict]] = {loan_id: [] for loan_id in loan_ids}
    rows = ScheduleVersion.objects.filter(loan_id__in=loan_ids).order_by("loan_id", "number")
    columns = ("loan_id", "number", "reason", "effective_on", "is_current", "created_by_id", "created_at")
    for version in _with_names(list(rows.values(*columns)), "created_by"):
        versions[version["loan_id"]].append(version)
    return versions


def application_events(*, application_ids: list[int]) -> dict[int, list[dict]]:
    """Each application's events in order, as rows naming their actors: two queries whatever the number
    (a page of a hundred applications holds hundreds of events)."""
    events: dict[int, list[dict]] = {application_id: [] for application_id in application_ids}
    rows = ApplicationEvent.objects.filter(application_id__in=application_ids)
    columns = ("application_id", "id", "actor_id", "at", "from_state", "to_state", "note")
    for event in _with_names(list(rows.values(*columns)), "actor"):
        events[event["application_id"]].append(event)
    return events


def loan_arrears(loan: Loan, on: dt.date) -> tuple[int, Decimal]:
    """The loan's worst days past due and the amount overdue (instalments must be prefetched)."""
    days, overdue = 0, ZERO
    for instalment in loan.instalments.all():
        late = instalment.days_past_due(on)
        if late > 0:
            days = max(days, late)
            overdue += instalment.remaining
    return days, overdue


def penalty_due(loan: Loan, on: dt.date) -> Decimal:
    """The late-payment penalty accrued and not yet paid or waived on ``on``, from the servicing replay of
    the rows dated on or before it (the same figure as the loan page and the statement)."""
    movements = [movement for movement in loan_movements(loan) if movement.on <= on]
    state = servicing.replay(loan_terms(loan), movements, on=on)
    return sum((row.penalty_due for row in state.rows.values()), ZERO)


def portfolio_loans(user, on: dt.date | None = None) -> tuple[QuerySet, bool]:
    """The loans ``user`` sees that were active on ``on`` (default today), annotated with
    ``outstanding``, ``overdue`` and ``days_past_due`` on that day, and whether the figures are the stored
    balances (today, once they are as of today) or computed from the dated rows (a past day)."""
    annotated, stored = balances.loans_on(on or timezone.localdate(), Loan.objects.for_user(user))
    return annotated.select_related("application__mine").order_by("-contracted_at", "-pk"), stored


def portfolio_summary(
    user, on: dt.date | None = None, loans: QuerySet | None = None, *, stored: bool = False
) -> dict:
    """Outstanding principal, overdue amount and arrears buckets (1–30, 31–90, over 90 days) of the loans
    ``user`` sees on ``on`` (``loans``: those of ``portfolio_loans``, filtered, and ``stored`` as it said),
    by grouped SQL: from the stored balances today, from the dated rows for a past day. The late-payment
    penalty accrued is a stored balance: it is summed for today only (``None`` for a past day)."""
    on = on or timezone.localdate()
    if loans is None:
        loans, stored = portfolio_loans(user, on)
    # A day's figures come from the rows dated on or before it (a past day: every loan's rows replayed in
    # SQL; today: the balances stored from them, a statement of its own), so they stay the same until a
    # loan or a money row changes. The query names the day, the loans and which way they are read.
    key = f"portfolio-summary:{on}:{versioned_cache.queryset_key(loans)}"
    return cached_money_figures(key, partial(_portfolio_summary, loans, on, stored=stored))


def _portfolio_summary(loans: QuerySet, on: dt.date, *, stored: bool) -> dict:
    sums = ("outstanding", "overdue", "approved_amount", *(("penalty",) if stored else ()))
    figures = balances.bucket_totals(loans, sums=sums)
    disbursed = Disbursement.objects.filter(loan__in=loans.values("pk"), disbursed_on__lte=on).aggregate(
        total=Coalesce(Sum("amount"), ZERO, output_field=MoneyField())
    )["total"]
    overall = figures["all"]
    totals = {
        "loans": overall["count"],
        "approved": overall["approved_amount"],
        "disbursed": disbursed,
        "outstanding": overall["outstanding"],
        "overdue": overall["overdue"],
        "penalty": overall.get("penalty"),
    }
    buckets = [
        (
            ArrearsBucket(key).label,
            key,
            {
                "count": value["count"],
                "overdue": value["overdue"],
                "principal": value["outstanding"],
                "penalty": value.get("penalty"),
            },
        )
        for key, value in figures["buckets"].items()
    ]
    return {"on": on, "stored": stored, "buckets": buckets, "totals": totals}


def portfolio_rows(loans, on: dt.date) -> list[dict]:
    """The rows of one page of ``portfolio_loans``: each loan's figures and its penalty (stored today; for
    a past day replayed from the page's prefetched rows, no query per loan)."""
    rows = []
    for loan in loans:
        if hasattr(loan, "penalty"):
            penalty = loan.penalty
        else:
            penalty = penalty_due(loan, on) if loan.days_past_due else ZERO
        rows.append(
            {
                "loan": loan,
                "days": loan.days_past_due,
                "overdue": loan.overdue,
                "outstanding": loan.outstanding,
                "penalty": penalty,
                "bucket": arrears_bucket(loan.days_past_due),
            }
        )
    return rows


def loan_terms(loan: Loan) -> servicing.Terms:
    return servicing.Terms(
        approved_amount=loan.approved_amount,
        rate=loan.rate,
        penalty_rate=loan.penalty_rate,
        term_months=loan.term_months,
        grace_months=loan.grace_months,
        first_due_date=loan.first_due_date,
        contract_date=timezone.localtime(loan.contracted_at).date(),
    )


def _dated_rows(loan: Loan, name: str):
    """The loan's ``name`` rows: the prefetched ones when a list page prefetched them, else one query."""
    manager = getattr(loan, name)
    if name in getattr(loan, "_prefetched_objects_cache", {}):
        return manager.all()
    return manager.select_related("recorded_by")


def loan_movements(loan: Loan) -> list[servicing.Movement]:
    """Every dated row of the loan in the order it happened (same day: the order it was recorded)."""
    movements = [
        (d.disbursed_on, d.recorded_at, servicing.Movement("tranche", d.disbursed_on, d.amount, ref=d))
        for d in _dated_rows(loan, "disbursements")
    ]
    movements += [
        (
            r.paid_on,
            r.recorded_at,
            servicing.Movement("payment", r.paid_on, r.amount, r.prepayment_mode, ref=r),
        )
        for r in _dated_rows(loan, "repayments")
    ]
    movements += [
        (c.cancelled_on, c.recorded_at, servicing.Movement("cancellation", c.cancelled_on, c.amount, ref=c))
        for c in _dated_rows(loan, "cancellations")
    ]
    movements += [
        (
            w.waived_on,
            w.recorded_at,
            servicing.Movement("waiver", w.waived_on, w.amount, number=w.instalment_number, ref=w),
        )
        for w in _dated_rows(loan, "waivers")
    ]
    return [movement for *_, movement in sorted(movements, key=lambda item: (item[0], item[1]))]


def loan_replay(loan: Loan, on: dt.date | None = None) -> servicing.Loan:
    """The loan replayed from its dated rows and advanced to ``on`` (never before its last movement)."""
    return servicing.replay(loan_terms(loan), loan_movements(loan), on=on)


@dataclass(frozen=True)
class LoanFigures:
    """What the loan page shows from the servicing replay on ``on`` (read-only: it is shared)."""

    on: dt.date
    disbursed: Decimal
    outstanding_principal: Decimal
    penalties: MappingProxyType  # instalment number -> penalty due
    quote: MappingProxyType  # the payoff quote on ``on``


def loan_figures(loan: Loan, on: dt.date) -> LoanFigures:
    """The loan's figures replayed to ``on``, remembered in this process for the same terms, dated rows
    and day: a long loan's replay takes milliseconds and every view of its page asks for it again. The
    inputs are the key, so a new or changed row, new terms or a new day are simply another entry (nothing
    to invalidate); a new release of the rules starts with new processes."""
    movements = tuple(replace(movement, ref=None) for movement in loan_movements(loan))
    return _replayed_figures(loan_terms(loan), movements, on)


@lru_cache(maxsize=1024)
def _replayed_figures(terms: servicing.Terms, movements: tuple, on: dt.date) -> LoanFigures:
    state = servicing.replay(terms, movements, on=on)
    return LoanFigures(
        on=state.on,
        disbursed=state.disbursed,
        outstanding_principal=state.outstanding_principal,
        penalties=MappingProxyType({number: row.penalty_due for number, row in state.rows.items()}),
        quote=MappingProxyType(state.payoff_quote()),
    )


def last_movement_date(loan: Loan) -> dt.date | None:
    dates = [
        *loan.disbursements.values_list("disbursed_on", flat=True),
        *loan.repayments.values_list("paid_on", flat=True),
        *loan.cancellations.values_list("cancelled_on", flat=True),
        *loan.waivers.values_list("waived_on", flat=True),
    ]
    return max(dates, default=None)


def payoff_quote(loan: Loan, on: dt.date) -> dict:
    """What pays the loan off on ``on``: principal outstanding, interest accrued to that day, penalties."""
    return loan_replay(loan, on).payoff_quote()
