"""Every state change of the financing programme; pages, API and admin call these and nothing else."""

from financing.services.applications import (
    loan_application_create,
    loan_application_resubmit,
    loan_application_submit,
    loan_application_update,
    loan_application_withdraw,
)
from financing.services.documents import document_upload
from financing.services.guarantees import (
    guarantee_create,
    guarantee_create_confirmed,
    guarantee_update,
    guarantee_verify,
)
from financing.services.loans import loan_contract, loan_schedule_preview
from financing.services.policy import rate_policy_create, rate_policy_update
from financing.services.reviews import (
    loan_application_decide,
    loan_application_recommend,
    loan_application_request_info,
    loan_application_start_review,
)
from financing.services.servicing import (
    disbursement_record,
    penalty_waive,
    remainder_cancel,
    repayment_record,
)
from financing.services.terms import loan_application_return_for_decision

__all__ = [
    "disbursement_record",
    "document_upload",
    "guarantee_create",
    "guarantee_create_confirmed",
    "guarantee_update",
    "guarantee_verify",
    "loan_application_create",
    "loan_application_decide",
    "loan_application_recommend",
    "loan_application_request_info",
    "loan_application_resubmit",
    "loan_application_return_for_decision",
    "loan_application_start_review",
    "loan_application_submit",
    "loan_application_update",
    "loan_application_withdraw",
    "loan_contract",
    "loan_schedule_preview",
    "penalty_waive",
    "rate_policy_create",
    "rate_policy_update",
    "remainder_cancel",
    "repayment_record",
]
