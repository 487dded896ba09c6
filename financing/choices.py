"""Status and type constants of the financing programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    """Where a loan application stands; the allowed moves are in ``financing.workflow``."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    INFO_REQUESTED = "info_requested", _("Information requested")
    RECOMMENDED = "recommended", _("Recommended")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CONTRACTED = "contracted", _("Contracted")
    DISBURSING = "disbursing", _("Disbursing")
    REPAYING = "repaying", _("Repaying")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class GuaranteeKind(models.TextChoices):
    PURCHASE = "purchase", _("Purchase guarantee")
    SALES = "sales", _("Sales guarantee")


class PriceBasis(models.TextChoices):
    PER_TONNE = "per_tonne", _("Rials per tonne")
    FORMULA = "formula", _("Price formula")


class DocumentType(models.TextChoices):
    LICENCE = "licence", _("Licence")
    FINANCIAL_STATEMENTS = "financial_statements", _("Financial statements")
    GUARANTEE_CONTRACT = "guarantee_contract", _("Guarantee contract")
    TECHNICAL_REPORT = "technical_report", _("Technical report")
    OTHER = "other", _("Other")


class LoanStatus(models.TextChoices):
    CONTRACTED = "contracted", _("Contracted")
    DISBURSING = "disbursing", _("Disbursing")
    REPAYING = "repaying", _("Repaying")
    CLOSED = "closed", _("Closed")


class ArrearsBucket(models.TextChoices):
    """Portfolio buckets of days past due."""

    CURRENT = "current", _("Current")
    DAYS_1_30 = "1-30", _("1–30 days")
    DAYS_31_90 = "31-90", _("31–90 days")
    OVER_90 = "90+", _("Over 90 days")


class ScheduleVersionReason(models.TextChoices):
    """Why a loan's schedule was (re)generated."""

    CONTRACT = "contract", _("Contract")
    DISBURSEMENT = "disbursement", _("Tranche paid out")
    CANCELLATION = "cancellation", _("Undisbursed remainder cancelled")
    PREPAYMENT = "prepayment", _("Prepayment")


class PrepaymentMode(models.TextChoices):
    """What a prepayment does to the rest of the schedule."""

    SHORTER_TERM = "shorter_term", _("Shorter term (same instalment)")
    LOWER_INSTALMENT = "lower_instalment", _("Lower instalment (same term)")
