"""Factories and helpers that bring an application to any state through the real services."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from financing import services
from financing.choices import DecisionOutcome, GuaranteeKind, PrepaymentMode, PriceBasis, Recommendation
from financing.models import Guarantee, LoanApplication, RatePolicy
from financing.schedule import add_jalali_months
from tests.factories import FundOfficerFactory, ReviewerFactory
from tests.mines.factories import MineFactory, mineral


def sheba(account: int = 123456789) -> str:
    """A valid Sheba (IR + check digits + 22 digits) for an account number."""
    bban = f"017{account:019d}"
    check = 98 - int(bban + "182700") % 97
    return f"IR{check:02d}{bban}"


class LoanApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft by the operator of a verified mine."""

    class Meta:
        model = LoanApplication

    mine = factory.SubFactory(MineFactory)
    applicant = factory.LazyAttribute(lambda o: o.mine.operator)
    amount_requested = Decimal("5000000000")
    purpose = "Buy a loader and restart the lead-zinc adit"
    term_months = 24
    grace_months = 6
    proposed_rate = Decimal("17.99")


class GuaranteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guarantee

    application = factory.SubFactory(LoanApplicationFactory)
    kind = GuaranteeKind.PURCHASE
    counterparty_name = "Iran Zinc Mines Development Co."
    counterparty_id = "10380284790"
    mineral = factory.LazyFunction(mineral)
    tonnes_per_year = Decimal("5000")
    price_basis = PriceBasis.PER_TONNE
    price_rials_per_tonne = Decimal("45000000")
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=3 * 365))


class RatePolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatePolicy

    cap = Decimal("17.50")
    effective_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    legal_reference = "Cabinet resolution 12345/T/1403"


def submitted_application(**kwargs) -> LoanApplication:
    application = LoanApplicationFactory(**kwargs)
    GuaranteeFactory(application=application)
    return services.loan_application_submit(application=application, actor=application.applicant)


def under_review_application(reviewer=None, **kwargs) -> LoanApplication:
    application = submitted_application(**kwargs)
    return services.loan_application_start_review(
        application=application, actor=reviewer or ReviewerFactory()
    )


def recommend(application, reviewer, recommendation=Recommendation.APPROVE):
    return services.loan_application_recommend(
        application=application,
        actor=reviewer,
        recommendation=recommendation,
        note="Sound plan, strong purchase guarantee.",
        score_technical=4,
        score_financial=4,
        score_guarantees=5,
        score_impact=4,
    )


def recommended_application(reviewer=None, **kwargs) -> LoanApplication:
    reviewer = reviewer or ReviewerFactory()
    application = under_review_application(reviewer=reviewer, **kwargs)
    recommend(application, reviewer)
    application.refresh_from_db()
    return application


def approved_application(*, approved_amount=None, rate=None, **kwargs) -> LoanApplication:
    """Approved by a second reviewer at ``approved_amount`` and ``rate`` (default: as requested)."""
    application = recommended_application(**kwargs)
    services.loan_application_decide(
        application=application,
        actor=ReviewerFactory(),
        outcome=DecisionOutcome.APPROVED,
        note="Approved.",
        approved_amount=approved_amount,
        rate=rate,
    )
    application.refresh_from_db()
    return application


def contracted_loan(
    *,
    officer=None,
    amount=Decimal("1000000000"),
    rate=Decimal("12.00"),
    contracted_on=None,
    term_months=12,
    grace_months=2,
    first_due_date=None,
    **kwargs,
):
    """A contracted loan (``contracted_on`` in the past lets tests date tranches and repayments)."""
    application = approved_application(rate=rate, **kwargs)
    on = contracted_on or timezone.localdate()
    return services.loan_contract(
        application=application,
        actor=officer or FundOfficerFactory(),
        approved_amount=amount,
        rate=rate,
        term_months=term_months,
        grace_months=grace_months,
        first_due_date=first_due_date or on + dt.timedelta(days=30),
        contracted_on=contracted_on,
    )


# Servicing: tranches and repayments through the services, and a loan contracted months ago.
TODAY = timezone.localdate()


def tranche(loan, officer, amount, on):
    return services.disbursement_record(
        loan=loan,
        actor=officer,
        amount=Decimal(amount),
        disbursed_on=on,
        bank_reference="BMI-1",
        destination_sheba=sheba(),
    )


def repay(loan, officer, amount, on, mode=PrepaymentMode.LOWER_INSTALMENT):
    return services.repayment_record(
        loan=loan, actor=officer, amount=Decimal(amount), paid_on=on, reference="R", prepayment_mode=mode
    )


def old_loan(
    officer, *, amount=2_500_000_000, months_ago=14, term=24, grace=6, rate=Decimal("12.00"), **kwargs
):
    """A loan contracted ``months_ago`` Jalali months ago; the first due date one month later."""
    first_due = add_jalali_months(TODAY, 1 - months_ago)
    contracted_on = add_jalali_months(TODAY, -months_ago)
    return contracted_loan(
        officer=officer or FundOfficerFactory(),
        amount=Decimal(amount),
        contracted_on=contracted_on,
        first_due_date=first_due,
        term_months=term,
        grace_months=grace,
        rate=rate,
        proposed_rate=rate,
        **kwargs,
    )
