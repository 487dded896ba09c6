from django.urls import path

from financing.views import applications, documents, loans, pdfs, reviews, servicing

app_name = "financing"

urlpatterns = [
    path("applications/", applications.application_list, name="application_list"),
    path("applications/new/", applications.application_new, name="application_new"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/<slug:step>/", applications.application_step, name="application_step"),
    path(
        "applications/<int:pk>/do/<slug:action>/", applications.application_action, name="application_action"
    ),
    path("applications/<int:pk>/recommend/", reviews.application_recommend, name="application_recommend"),
    path("applications/<int:pk>/decide/", reviews.application_decide, name="application_decide"),
    path("applications/<int:pk>/decision.pdf", pdfs.decision_letter_pdf, name="decision_letter_pdf"),
    path("applications/<int:pk>/contract/", loans.loan_contract, name="loan_contract"),
    path("applications/<int:pk>/documents/new/", documents.document_add, name="document_add"),
    path("guarantees/<int:pk>/verify/", reviews.guarantee_verify, name="guarantee_verify"),
    path("documents/<int:pk>/download/", documents.document_download, name="document_download"),
    path("awaiting-contract/", loans.awaiting_contract, name="awaiting_contract"),
    path("loans/", loans.loan_list, name="loan_list"),
    path("loans/<int:pk>/", loans.loan_detail, name="loan_detail"),
    path("loans/<int:pk>/contract.pdf", pdfs.loan_contract_pdf, name="loan_contract_pdf"),
    path("loans/<int:pk>/disburse/", loans.disbursement_add, name="disbursement_add"),
    path("loans/<int:pk>/repay/", loans.repayment_add, name="repayment_add"),
    path("loans/<int:pk>/cancel-remainder/", servicing.remainder_cancel, name="remainder_cancel"),
    path("loans/<int:pk>/waive-penalty/", servicing.penalty_waive, name="penalty_waive"),
    path("loans/<int:pk>/statement/", servicing.loan_statement, name="loan_statement"),
    path(
        "loans/<int:pk>/statement.<slug:fmt>",
        servicing.loan_statement,
        name="loan_statement_download",
    ),
    path("portfolio/", loans.portfolio, name="portfolio"),
]
