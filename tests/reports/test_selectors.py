"""The programme figures against a small, fully known programme, and their query cost."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from equipment.choices import BookingStatus
from financing.models import ApplicationEvent, Disbursement, Instalment, Loan, LoanApplication, Repayment
from financing.selectors import portfolio_summary
from financing.services import disbursement_record, repayment_record
from revival_portal.reports.selectors import portfolio_arrears, programme_figures, public_figures
from tests.equipment.factories import BookingFactory, ProcessingUnitFactory, UnitRequestFactory
from tests.factories import FundOfficerFactory
from tests.financing.factories import contracted_loan, sheba, submitted_application
from tests.mines.factories import MineFactory, ProductionReportFactory
from tests.reports.factories import FY1403, known_mines, recorded_at

pytestmark = pytest.mark.django_db


def _by(rows, key, value):
    return next(row for row in rows if row[key] == value)


def test_mines_by_stage_province_and_mineral(db):
    known_mines()
    figures = programme_figures(start=FY1403[0], end=FY1403[1])
    mines = figures["mines"]
    assert mines["totals"] == {
        "mines": 3,
        "verified": 2,
        "jobs_before": 17,
        "jobs_now": 40,
        "verified_jobs_before": 14,
        "verified_jobs_now": 37,
        "annual_output_tonnes": Decimal("18000"),
        "verified_annual_output_tonnes": Decimal("17000"),
        "proven_reserve_tonnes": Decimal(0),
        "revived": 1,
        "jobs_created": 23,
    }
    assert [(r["stage"], r["mines"], r["verified"]) for r in mines["by_stage"]] == [
        ("idle", 1, 0),
        ("monitoring", 0, 0),
        ("intervention", 0, 0),
        ("active", 1, 1),
        ("revived", 1, 1),
    ]
    isfahan = _by(mines["by_province"], "code", "IR-10")
    assert (isfahan["mines"], isfahan["verified"], isfahan["jobs_now"], isfahan["verified_jobs_now"]) == (
        2,
        1,
        15,
        12,
    )
    assert isfahan["name_en"] == "Isfahan" and isfahan["latitude"] == pytest.approx(32.6546)
    kerman = _by(mines["by_province"], "code", "IR-08")
    assert (kerman["mines"], kerman["annual_output_tonnes"]) == (1, Decimal("5000"))
    assert [(r["code"], r["mines"], r["verified"]) for r in mines["by_mineral"]] == [
        ("chromite", 1, 1),
        ("lead-zinc", 2, 1),
    ]


def test_production_counts_only_the_months_of_the_period(db):
    known_mines()
    production = programme_figures(start=FY1403[0], end=FY1403[1])["production"]
    assert production["totals"] == {
        "jobs": 42,
        "tonnes_mined": Decimal("3500"),
        "tonnes_sold": Decimal("2800"),
        "revenue_rials": Decimal("12500000000"),
        "reports": 3,
        "mines_reporting": 2,
        "jobs_average": 14,
    }
    assert [(r["period_year"], r["period_month"], r["tonnes_mined"]) for r in production["by_month"]] == [
        (1403, 1, Decimal("1000")),
        (1403, 6, Decimal("500")),
        (1403, 12, Decimal("2000")),
    ]


def test_a_month_period_holds_that_month_only(db):
    known_mines()
    # Esfand 1403: 19 February to 20 March 2025.
    production = programme_figures(start=dt.date(2025, 2, 19), end=dt.date(2025, 3, 20))["production"]
    assert (production["totals"]["reports"], production["totals"]["tonnes_mined"]) == (1, Decimal("2000"))


def _period_around_today():
    today = timezone.localdate()
    return today - dt.timedelta(days=10), today + dt.timedelta(days=10)


def test_applications_and_money_flows_in_the_period(db):
    officer = FundOfficerFactory()
    start, end = _period_around_today()
    submitted_application(amount_requested=Decimal("3000000000"))
    loan = contracted_loan(
        officer=officer,
        amount=Decimal("1000000000"),
        amount_requested=Decimal("2000000000"),
        contracted_on=start,
    )
    today = timezone.localdate()  # movements are never dated in the future
    disbursement_record(loan=loan, actor=officer, amount=Decimal("600000000"), disbursed_on=start,
                        bank_reference="B-1", destination_sheba=sheba())  # fmt: skip
    disbursement_record(loan=loan, actor=officer, amount=Decimal("400000000"), disbursed_on=today,
                        bank_reference="B-2", destination_sheba=sheba())  # fmt: skip
    repayment_record(loan=loan, actor=officer, amount=Decimal("50000000"), paid_on=today, reference="R-1")
    # Rows dated outside the period are left out of the period's flows but count "to date" if before it.
    Disbursement.objects.filter(bank_reference="B-1").update(disbursed_on=start - dt.timedelta(days=1))
    old = LoanApplication.objects.get(amount_requested=Decimal("3000000000"))
    # Submitted 40 days ago: its event log and history say so.
    forty_days_ago = timezone.now() - dt.timedelta(days=40)
    LoanApplication.objects.filter(pk=old.pk).update(submitted_at=forty_days_ago)
    ApplicationEvent.objects.filter(application=old).update(at=forty_days_ago)
    recorded_at(forty_days_ago, old)

    figures = programme_figures(start=start, end=end)
    applications = figures["applications"]
    assert applications["applications"] == 2
    assert applications["submitted_in_period"] == 1
    assert applications["requested_in_period"] == Decimal("2000000000")
    assert _by(applications["by_state"], "status", "submitted")["count"] == 1
    assert _by(applications["by_state"], "status", "repaying")["amount_requested"] == Decimal("2000000000")
    assert figures["money"] == {
        "approved_in_period": Decimal("1000000000"),
        "loans_in_period": 1,
        "approved_to_date": Decimal("1000000000"),
        "loans_to_date": 1,
        "disbursed_in_period": Decimal("400000000"),
        "disbursed_to_date": Decimal("1000000000"),
        "repaid_in_period": Decimal("50000000"),
        "repaid_to_date": Decimal("50000000"),
        "penalty_paid_in_period": Decimal(0),
        "waivers_in_period": 0,
        "waived_in_period": Decimal(0),
    }


def _disburse_all(loan, officer, on=None):
    disbursement_record(
        loan=loan,
        actor=officer,
        amount=loan.approved_amount,
        disbursed_on=on or timezone.localdate(),
        bank_reference="B",
        destination_sheba=sheba(),
    )


def _loans_for_arrears(officer):
    """Three fully disbursed loans contracted two months and ten days ago: A pays nothing, B pays its
    first two instalments on their due dates, C its first one."""
    from financing.schedule import add_jalali_months

    contracted_on = add_jalali_months(timezone.localdate(), -2) - dt.timedelta(days=10)
    loans = []
    for _ in range(3):
        loan = contracted_loan(officer=officer, amount=Decimal("1200000000"), contracted_on=contracted_on)
        _disburse_all(loan, officer, on=contracted_on)
        loans.append(loan)
    a, b, c = loans
    one, two = b.instalments.order_by("number")[:2]
    repayment_record(loan=b, actor=officer, amount=one.amount, paid_on=one.due_date, reference="R-B1")
    repayment_record(loan=b, actor=officer, amount=two.amount, paid_on=two.due_date, reference="R-B2")
    first = c.instalments.get(number=1)
    repayment_record(loan=c, actor=officer, amount=first.amount, paid_on=first.due_date, reference="R-C")
    return a, b, c


def test_portfolio_arrears_buckets_exact(db):
    officer = FundOfficerFactory()
    a, b, c = _loans_for_arrears(officer)
    second_due = a.instalments.get(number=2).due_date
    third_due = a.instalments.get(number=3).due_date
    # The day after the 2nd instalment: A is late since the 1st (31-90 days), C since the 2nd (1-30 days).
    on = second_due + dt.timedelta(days=1)
    days_a = (on - a.first_due_date).days
    assert 1 <= (on - second_due).days <= 30 < days_a <= 90 and on < third_due
    result = portfolio_arrears(on)
    buckets = {row["bucket"]: row for row in result["buckets"]}

    def outstanding(loan):
        paid_principal = sum(i.paid_principal for i in loan.instalments.all())
        return loan.approved_amount - paid_principal

    def overdue(loan):
        return sum(i.amount - i.paid_amount for i in loan.instalments.all() if i.due_date < on)

    assert buckets["current"]["count"] == 1 and buckets["current"]["principal"] == outstanding(b)
    assert buckets["1-30"]["count"] == 1 and buckets["1-30"]["overdue"] == overdue(c)
    assert buckets["31-90"]["count"] == 1 and buckets["31-90"]["principal"] == outstanding(a)
    assert buckets["31-90"]["overdue"] == overdue(a)
    assert buckets["90+"]["count"] == 0
    totals = result["totals"]
    assert totals["outstanding_principal"] == outstanding(a) + outstanding(b) + outstanding(c)
    assert totals["in_arrears_count"] == 2
    assert totals["in_arrears_principal"] == outstanding(a) + outstanding(c)
    # A hundred days after A's first due date it is over 90 days late.
    later = portfolio_arrears(a.first_due_date + dt.timedelta(days=100))
    assert {row["bucket"]: row["count"] for row in later["buckets"]}["90+"] >= 1


@pytest.mark.parametrize("days_after_first_due", [0, 15, 45, 100, 400])
def test_portfolio_arrears_agrees_with_the_financing_portfolio(db, days_after_first_due):
    officer = FundOfficerFactory()
    a, _b, _c = _loans_for_arrears(officer)
    on = a.first_due_date + dt.timedelta(days=days_after_first_due)
    ours = portfolio_arrears(on)
    theirs = portfolio_summary(officer, on=on)
    assert ours["totals"]["outstanding_principal"] == theirs["totals"]["outstanding"]
    assert {row["bucket"]: (row["count"], row["overdue"], row["principal"]) for row in ours["buckets"]} == {
        key: (value["count"], value["overdue"], value["principal"])
        for _label, key, value in theirs["buckets"]
    }


def test_unit_utilisation_in_the_period(db):
    start = timezone.localdate() + dt.timedelta(days=1)
    end = start + dt.timedelta(days=9)  # 10 days
    busy, idle = (
        ProcessingUnitFactory(),
        ProcessingUnitFactory(unit_type=None) if False else ProcessingUnitFactory(),
    )
    request = UnitRequestFactory(desired_start=start, desired_end=start + dt.timedelta(days=3))
    BookingFactory(unit=busy, request=request)  # 4 days
    cancelled = UnitRequestFactory(desired_start=start, desired_end=end)
    BookingFactory(unit=idle, request=cancelled, status=BookingStatus.CANCELLED)
    utilisation = programme_figures(start=start, end=end)["utilisation"]
    assert (utilisation["units"], utilisation["booked_days"], utilisation["available_days"]) == (2, 4, 20)
    assert utilisation["percent"] == 20.0
    assert (utilisation["bookings"], utilisation["units_booked"]) == (1, 1)
    assert sum(row["units"] for row in utilisation["by_type"]) == 2


def _grow(n: int, officer) -> None:
    """More of everything: mines, reports, applications, loans with payments, units and bookings."""
    for i in range(n):
        mine = MineFactory()
        ProductionReportFactory(mine=mine, period_year=1405, period_month=(i % 12) + 1)
        submitted_application()
        loan = contracted_loan(officer=officer)
        _disburse_all(loan, officer)
        repayment_record(
            loan=loan, actor=officer, amount=Decimal("1000"), paid_on=timezone.localdate(), reference="R"
        )
        BookingFactory()


def test_query_count_is_constant_as_data_grows(db, django_assert_num_queries):
    officer = FundOfficerFactory()
    start, end = dt.date(2026, 3, 21), dt.date(2027, 3, 20)
    _grow(1, officer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        programme_figures(start=start, end=end)
    _grow(4, officer)
    assert Loan.objects.count() == 5 and Instalment.objects.count() > 40 and Repayment.objects.count() == 5
    with django_assert_num_queries(len(small.captured_queries)):
        figures = programme_figures(start=start, end=end)
    assert len(small.captured_queries) < 20
    assert figures["mines"]["totals"]["mines"] >= 5


def test_public_figures_are_aggregates_without_names(db, operator):
    mines = known_mines(operator=operator)
    figures = public_figures()
    assert figures["mines"] == {
        "registered": 3,
        "verified": 2,
        "revived": 1,
        "active": 1,
        "jobs_before": 14,
        "jobs_now": 37,
        "jobs_created": 23,
    }
    # Production of verified mines only: every report of m1 and m2.
    assert figures["production"]["tonnes_mined"] == Decimal("1000") + 2000 + 500 + 7777 + 8888
    text = repr(figures)
    for secret in (mines[0].name, mines[1].name, operator.username, operator.first_name, "Kavir Lead Co.",
                   mines[0].licence_number):  # fmt: skip
        assert secret not in text


def test_public_figures_query_count(db, django_assert_max_num_queries):
    known_mines()
    with django_assert_max_num_queries(8):
        public_figures()
