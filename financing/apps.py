from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.roles import Role

VIEW_ALL = [
    "view_loanapplication",
    "view_applicationevent",
    "view_review",
    "view_decision",
    "view_guarantee",
    "view_document",
    "view_ratepolicy",
    "view_loan",
    "view_instalment",
    "view_disbursement",
    "view_repayment",
    "view_scheduleversion",
    "view_remaindercancellation",
    "view_penaltywaiver",
]


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = _("Financing")

    # Nobody holds a delete permission on any financing model: money rows are never deleted.
    role_permissions = {
        Role.OPERATOR: [
            "add_loanapplication",
            "change_loanapplication",
            "view_loanapplication",
            "add_guarantee",
            "change_guarantee",
            "view_guarantee",
            "add_document",
            "view_document",
            "view_ratepolicy",
            "view_loan",
            "view_instalment",
            "view_disbursement",
            "view_repayment",
            "view_scheduleversion",
            "view_remaindercancellation",
            "view_penaltywaiver",
        ],
        Role.REVIEWER: [*VIEW_ALL, "review_loanapplication", "decide_loanapplication"],
        Role.FUND_OFFICER: [
            *VIEW_ALL,
            "contract_loan",
            "add_disbursement",
            "add_repayment",
            "add_remaindercancellation",
            "add_penaltywaiver",
        ],
        Role.ADMIN: [*VIEW_ALL, "add_ratepolicy", "change_ratepolicy"],
    }

    def ready(self) -> None:
        import financing.figures  # noqa: F401 - keeps the cached money figures exact
