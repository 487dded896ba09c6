"""The financing models, split by topic; import them from ``financing.models``."""

from financing.models.applications import ApplicationEvent, LoanApplication
from financing.models.documents import Document
from financing.models.guarantees import Guarantee
from financing.models.loans import (
    Disbursement,
    Instalment,
    Loan,
    PenaltyWaiver,
    RemainderCancellation,
    Repayment,
    ScheduleVersion,
)
from financing.models.policy import RatePolicy
from financing.models.reviews import Decision, Review

__all__ = [
    "ApplicationEvent",
    "Decision",
    "Disbursement",
    "Document",
    "Guarantee",
    "Instalment",
    "Loan",
    "LoanApplication",
    "PenaltyWaiver",
    "RatePolicy",
    "RemainderCancellation",
    "Repayment",
    "Review",
    "ScheduleVersion",
]
