"""Loan servicing as pure functions: replay a loan's dated movements into its schedule and balances.

Every figure of a loan (schedule versions, allocations, penalties, the payoff quote, the statement) is
derived here from the dated rows (tranches, repayments, cancellations, waivers), so it can be recomputed
"as of" any date. Rules, chosen where the spec is silent:

* Instalment ``k`` (month index, 1..term) falls due on ``first_due_date`` moved by ``k - 1`` Jalali months.
  Its period runs from the previous due date (the contract date for the first) to its due date.
* Interest accrues on the principal paid out and not yet repaid, from each tranche's date: a period's
  interest is ``rate / 1200 × Σ balance × days / days of that month``, so a full month at a constant balance
  is exactly ``balance × rate / 1200``. Principal falling due stops bearing interest (it bears penalty).
* A tranche, a cancellation of the remainder or a prepayment regenerates the unpaid part of the schedule:
  instalments due on or before that date never change; the rest is interest-only while in grace, then an
  annuity on the outstanding principal over the remaining months (a prepayment may instead keep the
  instalment and shorten the term). The principal parts of the schedule always add up to what was paid out.
* An overdue instalment accrues a penalty on its unpaid amount at the penalty rate, actual/365, per day
  late, rounded half-up to whole rials per instalment.
* A payment goes to the instalments due on its date, oldest first, each penalty → interest → principal; what
  is left pays the interest accrued so far in the running month and then principal (a prepayment).
* Every amount is rounded half-up to whole rials.
"""

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from financing.schedule import add_jalali_months, annuity_payment, to_rials
from financing.servicing_values import Line, Mode, Movement, Reason, Row, Terms, Version

__all__ = ["Line", "Loan", "Mode", "Movement", "Reason", "Row", "Terms", "Version", "replay"]

ZERO = Decimal(0)
YEAR_DAYS = Decimal(365)


@dataclass
class Loan:
    """The replayed state of a loan on ``on`` (the date of the last movement or of the question)."""

    terms: Terms
    on: dt.date
    rows: dict = field(default_factory=dict)  # number -> Row, the current schedule
    disbursed: Decimal = ZERO
    cancelled: Decimal = ZERO
    maturity: int = 0
    accrued: Decimal = ZERO  # exact interest accrued in the running period, up to ``accrued_on``
    accrued_period: int = 0
    accrued_on: dt.date | None = None
    prepaid: Decimal = ZERO  # principal prepaid in the running period
    prepaid_row: int = 0  # the instalment a prepayment being applied has just paid
    versions: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    shown_due: set = field(default_factory=set)  # instalments whose falling due is on the statement

    # -- calendar ---------------------------------------------------------------------------------
    @cached_property
    def due_dates(self) -> list[dt.date]:
        """Due dates of months 0..term (month 0: one month before the first due date)."""
        return [
            add_jalali_months(self.terms.first_due_date, k - 1) for k in range(self.terms.term_months + 2)
        ]

    def due(self, k: int) -> dt.date:
        return (
            self.due_dates[k]
            if 0 <= k < len(self.due_dates)
            else add_jalali_months(self.terms.first_due_date, k - 1)
        )

    def period_of(self, day: dt.date) -> int:
        """The month index whose period contains ``day`` (a due date closes its own period)."""
        return min(
            bisect_right(self.due_dates, day, 1, self.terms.term_months + 1), self.terms.term_months + 1
        )

    def month_days(self, k: int) -> int:
        return (self.due(k) - self.due(k - 1)).days

    # -- balances ---------------------------------------------------------------------------------
    @property
    def undisbursed(self) -> Decimal:
        return self.terms.approved_amount - self.disbursed - self.cancelled

    @property
    def outstanding_principal(self) -> Decimal:
        return self.disbursed - sum((r.paid_principal for r in self.rows.values()), ZERO)

    @property
    def settled(self) -> bool:
        """Nothing outstanding: no principal, interest or penalty left to pay."""
        return self.outstanding_principal == 0 and all(
            r.remaining == 0 and r.penalty_due == 0 for r in self.rows.values()
        )

    @property
    def closed(self) -> bool:
        """Closed exactly when something was paid out, nothing remains to pay out and nothing is owed."""
        return self.disbursed > 0 and self.undisbursed == 0 and self.settled

    def bearing(self) -> Decimal:
        """Principal bearing interest now: paid out, not yet fallen due, not prepaid."""
        fallen = sum((r.principal for r in self.rows.values() if r.due_date <= self.on), ZERO)
        ahead = sum((r.paid_principal for r in self.rows.values() if r.due_date > self.on), ZERO)
        return self.disbursed - fallen - ahead

    def due_rows(self) -> list[Row]:
        return [self.rows[k] for k in sorted(self.rows) if self.rows[k].due_date <= self.on]

    # -- time -------------------------------------------------------------------------------------
    def advance(self, day: dt.date) -> None:
        """Move the clock to ``day``: accrue interest in the running period and penalties on overdue rows."""
        if day < self.on:
            raise ValueError("Movements must be replayed in date order.")
        rate = Decimal(self.terms.rate) / 1200
        while True:
            k = self._enter_period()
            end = min(day, self.due(k)) if k <= self.terms.term_months else day
            if k <= self.terms.term_months:
                days = (end - self.accrued_on).days
                self.accrued += self.bearing() * rate * days / self.month_days(k)
                self.accrued_on = end
            self.on = end
            if end == day:
                self._enter_period()
                break
        penalty_rate = Decimal(self.terms.penalty_rate) / 100
        for row in self.rows.values():
            if row.due_date < day and row.remaining > 0:
                since = row.penalty_since or row.due_date
                row.penalty_exact += row.remaining * penalty_rate * (day - since).days / YEAR_DAYS
                row.penalty_since = day
            elif row.remaining <= 0:
                row.penalty_since = None

    def _enter_period(self) -> int:
        """Start accruing a new period when the clock has reached it; the running period's index."""
        k = self.period_of(self.on)
        if self.accrued_period != k:
            self.accrued_period, self.accrued, self.prepaid = k, ZERO, ZERO
            self.accrued_on = self.terms.contract_date if k == 1 else self.due(k - 1)
        return k

    # -- schedule ---------------------------------------------------------------------------------
    def regenerate(self, reason: str, ref, mode: str = Mode.LOWER_INSTALMENT) -> None:
        """Rebuild the rows not yet due on ``self.on`` and keep the result as a new version."""
        terms = self.terms
        n = self.period_of(self.on)
        rate = Decimal(terms.rate) / 1200
        balance = self.bearing()
        old_payment = self._regular_payment(n) if mode == Mode.SHORTER_TERM else None
        running = self.rows.get(n)
        # Instalments already paid off ahead are kept; the rest starts after them.
        start = self.first_open(n)
        settled = [self.rows[k] for k in range(n, start)]
        self.prepaid_row = 0
        if start > self.maturity:
            self.maturity = terms.term_months
        if start > terms.term_months and balance > 0:
            raise ValueError("No month is left to repay this principal.")
        kept = {k: row for k, row in self.rows.items() if k < start}
        future: dict[int, Row] = {}
        payment = old_payment
        for k in range(start, self.maturity + 1):
            if balance <= 0:
                break
            interest = to_rials(balance * rate)
            if k <= terms.grace_months:
                principal = ZERO
            else:
                if payment is None:
                    payment = to_rials(annuity_payment(balance, terms.rate, self.maturity - k + 1))
                principal = balance if k == self.maturity else min(max(payment - interest, ZERO), balance)
                if principal == 0 and interest == 0:
                    principal = balance
            if principal + interest > 0:
                future[k] = Row(k, self.due(k), principal, interest)
            balance -= principal
        if mode == Mode.SHORTER_TERM and future:
            self.maturity = max(future)
        if n <= terms.term_months:
            days_left = (self.due(n) - self.on).days
            interest = to_rials(self.accrued + self.bearing() * rate * days_left / self.month_days(n))
            if settled:
                # The running month's interest on new principal, and principal paid ahead since those
                # instalments were paid off, go to the next open instalment.
                following = self.rows.get(start)
                row = future.get(start) or Row(start, self.due(start), ZERO, ZERO)
                row.interest += max(interest - sum((r.interest for r in settled), ZERO), ZERO)
                # What no kept or rebuilt instalment carries yet (the principal paid ahead since).
                row.principal += (
                    self.disbursed
                    - sum((r.principal for r in kept.values()), ZERO)
                    - sum((r.principal for r in future.values()), ZERO)
                )
                if following is not None:
                    row.paid_principal, row.paid_interest = following.paid_principal, following.paid_interest
                if row.amount > 0:
                    future[start] = row
            else:
                row = future.get(n) or Row(n, self.due(n), ZERO, ZERO)
                row.interest = interest
                row.principal += (  # the principal paid ahead on it
                    self.disbursed
                    - sum((r.principal for r in kept.values()), ZERO)
                    - sum((r.principal for r in future.values()), ZERO)
                )
                if running is not None:
                    row.paid_principal, row.paid_interest = running.paid_principal, running.paid_interest
                if row.amount > 0:
                    future[n] = row
                else:
                    future.pop(n, None)
        self.rows = {**kept, **future}
        self.versions.append(
            Version(len(self.versions) + 1, self.on, reason, ref, tuple(replace(r) for r in self.schedule()))
        )
        self._line("version", ref=ref, number=len(self.versions))

    def first_open(self, n: int) -> int:
        """The first instalment from ``n`` on not already paid off ahead (the one a prepayment being
        applied has just paid counts as open: it is rebuilt around what was paid on it)."""
        k = n
        while k in self.rows and self.rows[k].amount > 0 and self.rows[k].remaining == 0:
            if k == self.prepaid_row:
                break
            k += 1
        return k

    def _accrued_unpaid(self, n: int, target: int) -> Decimal:
        """Interest accrued in the running month not yet paid ahead on instalments ``n``..``target``."""
        paid = sum((self.rows[k].paid_interest for k in range(n, target + 1) if k in self.rows), ZERO)
        return to_rials(self.accrued) - paid

    def _regular_payment(self, n: int) -> Decimal | None:
        """The instalment a 'shorter term' prepayment keeps: the first full annuity instalment ahead."""
        for k in sorted(self.rows):
            if k > n and k > self.terms.grace_months:
                return self.rows[k].amount
        return None

    def schedule(self) -> list[Row]:
        return [self.rows[k] for k in sorted(self.rows)]

    # -- movements --------------------------------------------------------------------------------
    def apply(self, movement: Movement) -> None:
        self.advance(movement.on)
        self._instalments_due()
        handler = getattr(self, f"_{movement.kind}")
        handler(movement)

    def _instalments_due(self) -> None:
        for row in self.due_rows():
            if row.number not in self.shown_due:
                self.shown_due.add(row.number)
                self._line("instalment_due", on=row.due_date, amount=row.amount, number=row.number)

    def _tranche(self, movement: Movement) -> None:
        self.disbursed += movement.amount
        self._line("tranche", amount=movement.amount, principal=movement.amount, ref=movement.ref)
        self.regenerate(Reason.DISBURSEMENT, movement.ref)

    def _cancellation(self, movement: Movement) -> None:
        amount = self.undisbursed
        self.cancelled += amount
        self._line("cancellation", amount=amount, ref=movement.ref)
        self.regenerate(Reason.CANCELLATION, movement.ref)

    def _charge_penalty(self, row: Row) -> None:
        """A statement line for the penalty accrued on ``row`` since it was last shown."""
        amount = row.penalty - row.penalty_charged
        if amount > 0:
            row.penalty_charged = row.penalty
            self._line("penalty", amount=amount, penalty=amount, number=row.number)

    def _waiver(self, movement: Movement) -> None:
        row = self.rows[movement.number]
        self._charge_penalty(row)
        if movement.amount > row.penalty_due:
            raise ValueError("The waiver is more than the penalty due.")
        row.penalty_waived += movement.amount
        self._line(
            "waiver", amount=movement.amount, penalty=movement.amount, number=row.number, ref=movement.ref
        )

    def _payment(self, movement: Movement) -> None:
        left = movement.amount
        paid = {"penalty": ZERO, "interest": ZERO, "principal": ZERO}
        for row in self.due_rows():
            self._charge_penalty(row)
            for part, owed in (
                ("penalty", row.penalty_due),
                ("interest", row.interest - row.paid_interest),
                ("principal", row.principal - row.paid_principal),
            ):
                share = min(left, owed)
                if share <= 0:
                    continue
                left -= share
                paid[part] += share
                if part == "penalty":
                    row.penalty_paid += share
                elif part == "interest":
                    row.paid_interest += share
                else:
                    row.paid_principal += share
        used, prepaid = self._prepay(left, paid) if left > 0 else (ZERO, ZERO)
        if left - used > 0:
            raise ValueError("The payment is more than the loan owes.")
        self._line(
            "repayment",
            amount=movement.amount,
            principal=-paid["principal"],
            interest=paid["interest"],
            penalty=paid["penalty"],
            ref=movement.ref,
        )
        if prepaid:
            self.regenerate(Reason.PREPAYMENT, movement.ref, movement.mode)

    def _prepay(self, left: Decimal, paid: dict) -> tuple[Decimal, Decimal]:
        """Pay the running month's accrued interest, then principal: (part of ``left`` used, principal)."""
        n = self.period_of(self.on)
        if n > self.terms.term_months:
            return ZERO, ZERO
        target = self.first_open(n)
        if target > self.terms.term_months:
            return ZERO, ZERO
        interest = self._accrued_unpaid(n, target)
        n, row = target, self.rows.get(target)
        interest_share = min(left, max(interest, ZERO))
        principal_share = min(left - interest_share, self.bearing())
        if interest_share + principal_share <= 0:
            return ZERO, ZERO
        if row is None:
            row = self.rows[n] = Row(n, self.due(n), ZERO, ZERO)
        row.paid_interest += interest_share
        row.paid_principal += principal_share
        self.prepaid += principal_share
        if principal_share:
            self.prepaid_row = n
        paid["interest"] += interest_share
        paid["principal"] += principal_share
        return interest_share + principal_share, principal_share

    def _line(self, kind: str, *, on=None, number: int = 0, **values) -> None:
        balance = self.outstanding_principal
        self.lines.append(Line(on or self.on, kind, number=number, balance=balance, **values))

    # -- questions --------------------------------------------------------------------------------
    def payoff_quote(self) -> dict:
        """What closes the loan today: overdue amounts and penalties, interest accrued, all principal."""
        penalties = sum((r.penalty_due for r in self.due_rows()), ZERO)
        interest = sum((r.interest - r.paid_interest for r in self.due_rows()), ZERO)
        n = self.period_of(self.on)
        if n <= self.terms.term_months:
            interest += self._accrued_unpaid(n, min(self.first_open(n), self.terms.term_months))
        principal = self.outstanding_principal
        return {
            "on": self.on,
            "principal": principal,
            "interest": interest,
            "penalty": penalties,
            "total": principal + interest + penalties,
        }

    def due_now(self) -> Decimal:
        """Everything due on ``self.on``: instalments fallen due and their penalties."""
        return sum((r.remaining + r.penalty_due for r in self.due_rows()), ZERO)


def replay(terms: Terms, movements, *, on: dt.date | None = None) -> Loan:
    """The loan after ``movements`` (in date order, ties in recording order), advanced to ``on``."""
    loan = Loan(terms=terms, on=terms.contract_date, maturity=terms.term_months)
    loan.versions.append(Version(1, terms.contract_date, Reason.CONTRACT, None, ()))
    for movement in movements:
        loan.apply(movement)
    if on is not None and on > loan.on:
        loan.advance(on)
        loan._instalments_due()
        for row in loan.due_rows():
            loan._charge_penalty(row)
    return loan
