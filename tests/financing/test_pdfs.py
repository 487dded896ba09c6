"""The decision letter and the loan contract summary as PDFs: Persian text in reading order, the amounts,
and the same scope as their pages (another operator's answers 404)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from revival_portal.core.templatetags.jalali import localdate
from revival_portal.core.text import persian_digits
from tests.factories import OperatorFactory, signed_in
from tests.financing.factories import (
    approved_application,
    contracted_loan,
    old_loan,
    recommended_application,
    repay,
    tranche,
)
from tests.mines.factories import MineFactory
from tests.pdf_text import assert_in_order, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.pdftotext]


def persian_mine():
    operator = OperatorFactory(first_name="مریم", last_name="کریمی")
    return MineFactory(operator=operator, name="معدن سرب کوهبنان")


def test_decision_letter_in_persian_reads_in_order_with_the_amount():
    application = approved_application(mine=persian_mine(), amount_requested=Decimal("7250000000"))
    response = signed_in(application.applicant, "fa").get(
        reverse("financing:decision_letter_pdf", args=[application.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="decision-letter-{application.pk}.pdf"'
    text = pdf_text(response.content)
    number = persian_digits(application.pk)
    assert_in_order(
        text,
        "طرح احیای معادن کوچک",
        "نامه تصمیم",
        "مریم کریمی گرامی،",
        f"درخواست وام {number} برای معدن «معدن سرب کوهبنان» تصویب شد.",
        "مبلغ درخواستی (ریال)",
        "تصمیم",
        "تصویب",
        "کمیته بررسی طرح احیای معادن کوچک",
    )
    assert "۷٬۲۵۰٬۰۰۰٬۰۰۰" in text
    assert "Decision letter" not in text and "Proposed interest rate" not in text


def test_decision_letter_in_english(english):
    application = approved_application(amount_requested=Decimal("7250000000"))
    text = pdf_text(
        signed_in(application.applicant)
        .get(reverse("financing:decision_letter_pdf", args=[application.pk]))
        .content
    )
    assert_in_order(
        text,
        "Decision letter",
        f'Loan application {application.pk} for the mine "{application.mine.name}" has been approved.',
        "Amount requested (rials)",
        "7,250,000,000",
        "Approved",
    )


def test_decision_letter_is_scoped_like_the_application_page():
    application = approved_application()
    url = reverse("financing:decision_letter_pdf", args=[application.pk])
    assert signed_in(OperatorFactory()).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    undecided = recommended_application()
    assert (
        signed_in(undecided.applicant)
        .get(reverse("financing:decision_letter_pdf", args=[undecided.pk]))
        .status_code
        == 404
    )


def test_application_page_links_its_decision_letter():
    application = approved_application()
    url = reverse("financing:decision_letter_pdf", args=[application.pk])
    assert url in signed_in(application.applicant).get(application.get_absolute_url()).content.decode()
    undecided = recommended_application()
    page = signed_in(undecided.applicant).get(undecided.get_absolute_url()).content.decode()
    assert "decision-letter-pdf" not in page


def paid_out(loan):
    """The whole approved amount paid out on the contract date, which makes the schedule."""
    tranche(loan, loan.contracted_by, loan.approved_amount, timezone.localdate(loan.contracted_at))
    return loan


def test_loan_contract_summary_in_persian_has_the_whole_schedule_and_the_totals():
    loan = paid_out(contracted_loan(mine=persian_mine(), amount=Decimal("1200000000"), rate=Decimal("12.00")))
    response = signed_in(loan.application.applicant, "fa").get(
        reverse("financing:loan_contract_pdf", args=[loan.pk])
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    instalments = list(loan.instalments.order_by("number"))
    assert len(instalments) == 12
    total = sum(instalment.amount for instalment in instalments)
    with translation.override("fa"):
        first_due, last_due = localdate(instalments[0].due_date), localdate(instalments[-1].due_date)
    # "خلاصه" is left out: pdftotext reads its lam-alef ligature back as "ال" (the page shows it right).
    assert_in_order(
        text,
        "طرح احیای معادن کوچک",
        "قرارداد وام",
        "مریم کریمی",
        "۱٬۲۰۰٬۰۰۰٬۰۰۰",
        "جدول بازپرداخت",
        first_due,
        last_due,
        persian_digits(f"{int(total):,}".replace(",", "٬")),
        "جمع",
    )
    assert persian_digits(f"{int(instalments[-1].amount):,}".replace(",", "٬")) in text
    assert "Loan contract summary" not in text


def test_loan_contract_summary_in_english(english):
    loan = paid_out(contracted_loan(amount=Decimal("1200000000")))
    text = pdf_text(
        signed_in(loan.application.applicant)
        .get(reverse("financing:loan_contract_pdf", args=[loan.pk]))
        .content
    )
    first = loan.instalments.order_by("number").first()
    assert_in_order(
        text,
        "Loan contract summary",
        "1,200,000,000",
        "Repayment schedule",
        f"{int(first.amount):,}",
        "Total",
    )


def test_loan_contract_summary_is_scoped_like_the_loan_page(english):
    loan = contracted_loan()
    url = reverse("financing:loan_contract_pdf", args=[loan.pk])
    assert signed_in(OperatorFactory()).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert signed_in(loan.contracted_by).get(url).status_code == 200
    assert url in signed_in(loan.application.applicant).get(loan.get_absolute_url()).content.decode()


def test_contract_summary_before_the_first_tranche_shows_the_planned_schedule(english):
    loan = contracted_loan(amount=Decimal("1200000000"))
    assert not loan.instalments.exists()
    text = pdf_text(
        signed_in(loan.application.applicant)
        .get(reverse("financing:loan_contract_pdf", args=[loan.pk]))
        .content
    )
    assert_in_order(text, "Repayment schedule", "Nothing has been paid out yet", "1,200,000,000", "Total")


def test_loan_statement_pdf_in_persian_has_every_movement_and_the_balance(fund_officer):
    loan = old_loan(fund_officer, amount=1_200_000, months_ago=4, term=12, grace=1)
    tranche(loan, fund_officer, 600_000, timezone.localdate(loan.contracted_at))
    first = loan.instalments.order_by("number").first()
    repay(loan, fund_officer, first.amount, first.due_date)
    url = reverse("financing:loan_statement_download", args=[loan.pk, "pdf"])
    response = signed_in(loan.application.applicant, "fa").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    loan.refresh_from_db()
    assert_in_order(
        text,
        "صورت‌حساب وام",
        "تاریخ",
        "۶۰۰٬۰۰۰",
        persian_digits(f"{int(first.amount):,}".replace(",", "٬")),
        persian_digits(f"{int(loan.outstanding_principal):,}".replace(",", "٬")),
    )
    assert signed_in(OperatorFactory()).get(url).status_code == 404
    page = signed_in(loan.application.applicant).get(reverse("financing:loan_statement", args=[loan.pk]))
    assert url in page.content.decode()
