"""The values the servicing engine (``financing.servicing``) works on: terms, movements, instalment rows,
schedule versions and statement lines."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from financing.schedule import to_rials

ZERO = Decimal(0)


class Reason:
    """Why a schedule version was made (the values of ``ScheduleVersionReason``)."""

    CONTRACT = "contract"
    DISBURSEMENT = "disbursement"
    CANCELLATION = "cancellation"
    PREPAYMENT = "prepayment"


class Mode:
    """What a prepayment does to the rest of the schedule."""

    SHORTER_TERM = "shorter_term"
    LOWER_INSTALMENT = "lower_instalment"


@dataclass(frozen=True)
class Terms:
    approved_amount: Decimal
    rate: Decimal
    penalty_rate: Decimal
    term_months: int
    grace_months: int
    first_due_date: dt.date
    contract_date: dt.date


@dataclass(frozen=True)
class Movement:
    """One dated row: ``kind`` is tranche, payment, cancellation or waiver."""

    kind: str
    on: dt.date
    amount: Decimal = ZERO
    mode: str = Mode.LOWER_INSTALMENT
    number: int = 0  # the instalment a waiver is for
    ref: object = None  # the row it came from (actor, pk), passed through to the results


@dataclass
class Row:
    """One instalment of the schedule and what has been paid on it."""

    number: int
    due_date: dt.date
    principal: Decimal
    interest: Decimal
    paid_principal: Decimal = ZERO
    paid_interest: Decimal = ZERO
    penalty_exact: Decimal = ZERO  # accrued, unrounded
    penalty_since: dt.date | None = None
    penalty_paid: Decimal = ZERO
    penalty_waived: Decimal = ZERO
    penalty_charged: Decimal = ZERO  # the part already shown on the statement

    @property
    def amount(self) -> Decimal:
        return self.principal + self.interest

    @property
    def paid_amount(self) -> Decimal:
        return self.paid_principal + self.paid_interest

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid_amount

    @property
    def penalty(self) -> Decimal:
        """The penalty charged so far, in whole rials."""
        return to_rials(self.penalty_exact)

    @property
    def penalty_due(self) -> Decimal:
        return max(self.penalty - self.penalty_paid - self.penalty_waived, ZERO)


@dataclass(frozen=True)
class Version:
    number: int
    on: dt.date
    reason: str
    ref: object
    rows: tuple  # snapshot of the rows (copies)


@dataclass(frozen=True)
class Line:
    """One statement line; ``principal`` changes the outstanding principal by that much."""

    on: dt.date
    kind: str
    amount: Decimal = ZERO
    principal: Decimal = ZERO
    interest: Decimal = ZERO
    penalty: Decimal = ZERO
    number: int = 0
    balance: Decimal = ZERO
    ref: object = None
