"""The repayment schedule and arrears, as pure functions on Decimals and whole rials.

Rules (PRODUCT §3, chosen where the spec is silent):

* ``term_months`` counts every month of the loan, grace included.
* During the grace period interest accrues on the principal and is paid monthly, as interest-only
  instalments (at 0 % there is nothing to pay, so no grace instalments are generated).
* After the grace period the principal is repaid by a monthly annuity over ``term - grace`` months.
* Every amount is rounded half-up to whole rials; the last instalment takes the remaining principal, so the
  principal instalments add up exactly to the principal and each differs from the exact annuity by at most
  about one rial.
* Instalment ``k`` falls due ``k - 1`` Jalali months after ``first_due_date``, on the same Jalali day
  (the last day of a shorter month when that day does not exist).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import jdatetime

from financing.choices import ArrearsBucket

RIAL = Decimal(1)


@dataclass(frozen=True)
class ScheduledInstalment:
    number: int
    due_date: dt.date
    principal: Decimal
    interest: Decimal

    @property
    def amount(self) -> Decimal:
        return self.principal + self.interest


def to_rials(value: Decimal) -> Decimal:
    """Round half-up to whole rials."""
    return value.quantize(RIAL, rounding=ROUND_HALF_UP)


def monthly_rate(annual_percent: Decimal) -> Decimal:
    return Decimal(annual_percent) / Decimal(1200)


def annuity_payment(principal: Decimal, annual_percent: Decimal, months: int) -> Decimal:
    """The exact (unrounded) monthly payment that repays ``principal`` in ``months`` months."""
    principal = Decimal(principal)
    if months <= 0:
        raise ValueError("An annuity needs at least one month.")
    rate = monthly_rate(annual_percent)
    if rate == 0:
        return principal / months
    return principal * rate / (1 - (1 + rate) ** -months)


def add_jalali_months(start: dt.date, months: int) -> dt.date:
    """``start`` moved by ``months`` Jalali months, keeping the Jalali day where the month has it."""
    jstart = jdatetime.date.fromgregorian(date=start)
    index = jstart.year * 12 + (jstart.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if month <= 6:
        length = 31
    elif month <= 11:
        length = 30
    else:
        length = 30 if jdatetime.date(year, 1, 1).isleap() else 29
    return jdatetime.date(year, month, min(jstart.day, length)).togregorian()


def build_schedule(
    *,
    principal: Decimal | int,
    annual_percent: Decimal,
    term_months: int,
    grace_months: int,
    first_due_date: dt.date,
) -> list[ScheduledInstalment]:
    """The instalments of a loan: interest-only during grace, then an annuity (see the module docstring)."""
    principal = Decimal(principal)
    annual_percent = Decimal(annual_percent)
    if principal <= 0:
        raise ValueError("The principal must be positive.")
    if not 0 <= grace_months < term_months:
        raise ValueError("The grace period must be shorter than the term.")
    rate = monthly_rate(annual_percent)
    instalments: list[ScheduledInstalment] = []

    def add(month_index: int, principal_part: Decimal, interest: Decimal) -> None:
        instalments.append(
            ScheduledInstalment(
                number=len(instalments) + 1,
                due_date=add_jalali_months(first_due_date, month_index),
                principal=principal_part,
                interest=interest,
            )
        )

    grace_interest = to_rials(principal * rate)
    if grace_interest > 0:
        for month in range(grace_months):
            add(month, Decimal(0), grace_interest)

    months = term_months - grace_months
    payment = to_rials(annuity_payment(principal, annual_percent, months))
    balance = principal
    for k in range(months):
        interest = to_rials(balance * rate)
        principal_part = balance if k == months - 1 else min(payment - interest, balance)
        add(grace_months + k, principal_part, interest)
        balance -= principal_part
    return instalments


def days_past_due(due_date: dt.date, on: dt.date, *, paid: bool) -> int:
    return 0 if paid else max((on - due_date).days, 0)


def is_paid(amount: Decimal, paid_amount: Decimal) -> bool:
    """An instalment is paid once what was paid towards it reaches the amount due."""
    return paid_amount >= amount


# Days past due of each portfolio bucket, (from, to) inclusive, ``None`` open: the one definition the
# loan pages and the portfolio's SQL (``financing.balances``) share.
ARREARS_BUCKET_DAYS = {
    ArrearsBucket.CURRENT: (0, 0),
    ArrearsBucket.DAYS_1_30: (1, 30),
    ArrearsBucket.DAYS_31_90: (31, 90),
    ArrearsBucket.OVER_90: (91, None),
}


def arrears_bucket(days: int) -> str:
    """The portfolio bucket of ``days`` past due: current, 1–30, 31–90, over 90."""
    for bucket, (low, high) in ARREARS_BUCKET_DAYS.items():
        if days >= low and (high is None or days <= high):
            return bucket
    return ArrearsBucket.CURRENT
