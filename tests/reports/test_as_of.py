"""The fiscal-year 1403 report (20 March 2024 .. 20 March 2025) as of its last day, over crafted data.

Every row is recorded through the models and services at the moment it happened (the clock is moved
there), the day before, on and after 20 March 2025. The reference figures below are worked out by hand
from the tables in ``craft``'s docstring; nothing is read back from the selector to build them.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from equipment.choices import BookingStatus
from financing.choices import LoanStatus
from financing.models import ApplicationEvent, Loan
from financing.selectors import payoff_quote
from financing.services import loan_application_start_review, loan_application_submit, penalty_waive
from mines.choices import RevivalStage, Verification
from revival_portal.core.calendar import TEHRAN
from revival_portal.core.models import Province
from revival_portal.reports.selectors import programme_figures
from tests.equipment.factories import BookingFactory, ProcessingUnitFactory, UnitRequestFactory
from tests.factories import FundOfficerFactory, ReviewerFactory
from tests.financing.factories import (
    GuaranteeFactory,
    LoanApplicationFactory,
    RatePolicyFactory,
    contracted_loan,
    repay,
    tranche,
)
from tests.mines.factories import MineFactory, PendingMineFactory, ProductionReportFactory, mineral
from tests.reports.factories import FY1403

pytestmark = pytest.mark.django_db

START, END = FY1403
AFTER_END = dt.date(2025, 3, 21)


def tehran(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TEHRAN)


@contextmanager
def at(moment: dt.datetime):
    """Record what the block does at ``moment``: history rows, "today" of the services, event log."""
    last_event = ApplicationEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
    # The event log's ``at`` defaults to the real clock: date this block's events at ``moment`` too.
    ApplicationEvent.objects.filter(pk__gt=last_event).update(at=moment)


def _loan(officer, mine, *, contracted_on: dt.date, first_due: dt.date) -> Loan:
    """1,200,000,000 rials at 0 % over 12 months without grace: twelve instalments of 100,000,000."""
    with at(tehran(contracted_on.year, contracted_on.month, contracted_on.day, 9)):
        return contracted_loan(
            officer=officer,
            mine=mine,
            amount=Decimal(1_200_000_000),
            amount_requested=Decimal(1_500_000_000),
            rate=Decimal(0),
            proposed_rate=Decimal(0),
            contracted_on=contracted_on,
            first_due_date=first_due,
            term_months=12,
            grace_months=0,
        )


def _on(day: dt.date, hour: int = 15) -> dt.datetime:
    return tehran(day.year, day.month, day.day, hour)


def _pay_off(loan, officer, day: dt.date):
    with at(_on(day)):
        repay(loan, officer, payoff_quote(loan, day)["total"], day)


def craft() -> dict:
    """The programme around 20 March 2025.

    Mines (their history):
    | mine | registered            | as of 20 March 2025 (end of day)                  | later           |
    | M1   | 2024-01-10, pending,  | verified 19 March: intervention, jobs 3 / 6,       | 21 March:       |
    |      | idle                  | 1000 t, reserve 50,000 t, Isfahan, lead-zinc       | active, 20 jobs |
    | M2   | 2024-06-01, active,   | revived 20 March 20:00: jobs 10 / 30, 6000 t,      |                 |
    |      | jobs 10 / 25          | reserve 200,000 t, Kerman, chromite                |                 |
    | M3   | 21 March 00:30        | not registered yet                                 |                 |
    | M4   | 2024-02-01            | deleted 20 March 10:00                             |                 |

    Production of M2: 1402/12 and 1404/01 outside the year; 1403/06 (20 jobs, 500 t mined, 400 sold,
    1,000,000,000 rials) and 1403/12 (30 jobs, 2000 t, 1500 t, 7,000,000,000 rials) inside.

    Loans (all on M2, 1,200,000,000 at 0 %, 12 × 100,000,000; applications ask 1,500,000,000):
    | loan | contracted | tranches               | repayments                         | as of 20 March 2025 |
    | L1   | 2024-04-10 | 1.2e9 on 2024-04-10    | paid off 2024-10-01                | closed              |
    | L2   | 2024-05-01 | 1.2e9 on 2024-05-01    | none; paid off 2025-03-21          | active, 90+ days    |
    |      | (first due 2024-06-01: ten instalments due 1403/03/12 .. 1403/12/12 unpaid = 1e9; 6 %    |
    |      | penalty, 1,000,000 of instalment 1's waived on 2025-03-10)                                 |
    | L3   | 2025-03-20 | 6e8 on 2025-03-20,     |                                    | active, current     |
    |      |            | 6e8 on 2025-03-22      |                                    |                     |
    | L4   | 2025-03-21 | —                      |                                    | not contracted yet  |
    | L5   | 2024-12-01 | 1.2e9 on 2024-12-01    | 1e8 on 2025-01-01 (instalment 1)   | active, 31–90 days  |
    |      | (first due 2025-01-01; 2025-01-31 and 2025-03-02 unpaid = 2e8, oldest 48 days late)        |

    Other applications on M2: A1 submitted 19 March, review started 21 March (3,000,000,000 rials);
    A2 a draft of 20 March (1,000,000,000 rials); A3 created 22 March.

    Fleet: unit U1 (2024-01-01); booking B1 2025-03-10 .. 2025-03-25 (booked 5 March; 11 days in the year),
    booking B2 2024-12-01 .. 2024-12-10 (10 days), cancelled on 22 March; unit U2 added 23 March.
    """
    officer = FundOfficerFactory()
    isfahan, kerman = Province.objects.get(code="IR-10"), Province.objects.get(code="IR-08")
    with at(tehran(2024, 1, 10)):
        m1 = PendingMineFactory(
            province=isfahan,
            revival_stage=RevivalStage.IDLE,
            jobs_before=3,
            jobs_now=3,
            annual_output_tonnes=Decimal(1000),
            proven_reserve_tonnes=Decimal(50_000),
        )
    with at(tehran(2024, 2, 1)):
        m4 = PendingMineFactory(province=isfahan, jobs_before=1, jobs_now=1, annual_output_tonnes=100)
    with at(tehran(2024, 6, 1)):
        m2 = MineFactory(
            province=kerman,
            primary_mineral=mineral("chromite"),
            revival_stage=RevivalStage.ACTIVE,
            jobs_before=10,
            jobs_now=25,
            annual_output_tonnes=Decimal(5000),
            proven_reserve_tonnes=Decimal(200_000),
        )
    for year, month, jobs, mined, sold, revenue in (
        (1402, 12, 99, 7777, 7777, 9_999_999_999),
        (1403, 6, 20, 500, 400, 1_000_000_000),
        (1403, 12, 30, 2000, 1500, 7_000_000_000),
        (1404, 1, 99, 8888, 8888, 9_999_999_999),
    ):
        ProductionReportFactory(
            mine=m2, period_year=year, period_month=month, jobs=jobs, tonnes_mined=mined, tonnes_sold=sold,
            revenue_rials=revenue,
        )  # fmt: skip

    with at(tehran(2024, 1, 1)):
        unit = ProcessingUnitFactory()
    with at(tehran(2024, 11, 20)):
        b2 = BookingFactory(
            unit=unit,
            request=UnitRequestFactory(
                mine=m2, desired_start=dt.date(2024, 12, 1), desired_end=dt.date(2024, 12, 10)
            ),
        )
    with at(tehran(2025, 3, 5)):
        BookingFactory(
            unit=unit,
            request=UnitRequestFactory(
                mine=m2, desired_start=dt.date(2025, 3, 10), desired_end=dt.date(2025, 3, 25)
            ),
        )

    l1 = _loan(officer, m2, contracted_on=dt.date(2024, 4, 10), first_due=dt.date(2024, 5, 10))
    with at(_on(dt.date(2024, 4, 10))):
        tranche(l1, officer, 1_200_000_000, dt.date(2024, 4, 10))
    _pay_off(l1, officer, dt.date(2024, 10, 1))

    # The rate policy of 20 April 2024 charges 6 % a year on late instalments; that of 1 June 2024 nothing.
    RatePolicyFactory(cap=Decimal("17.50"), penalty_rate=Decimal(6), effective_from=dt.date(2024, 4, 20))
    RatePolicyFactory(cap=Decimal("17.50"), penalty_rate=Decimal(0), effective_from=dt.date(2024, 6, 1))
    l2 = _loan(officer, m2, contracted_on=dt.date(2024, 5, 1), first_due=dt.date(2024, 6, 1))
    with at(_on(dt.date(2024, 5, 1))):
        tranche(l2, officer, 1_200_000_000, dt.date(2024, 5, 1))
    with at(_on(dt.date(2025, 3, 10))):
        penalty_waive(
            loan=l2,
            actor=officer,
            instalment_number=1,
            amount=Decimal(1_000_000),
            waived_on=dt.date(2025, 3, 10),
            reason="Flooded adit in June.",
        )

    l5 = _loan(officer, m2, contracted_on=dt.date(2024, 12, 1), first_due=dt.date(2025, 1, 1))
    with at(_on(dt.date(2024, 12, 1))):
        tranche(l5, officer, 1_200_000_000, dt.date(2024, 12, 1))
    with at(_on(dt.date(2025, 1, 1))):
        repay(l5, officer, 100_000_000, dt.date(2025, 1, 1))

    with at(tehran(2025, 3, 19, 11)):
        m1.verification_status = Verification.VERIFIED
        m1.revival_stage = RevivalStage.INTERVENTION
        m1.jobs_now = 6
        m1.save()
        a1 = LoanApplicationFactory(
            proposed_rate=Decimal(12), mine=m2, amount_requested=Decimal(3_000_000_000)
        )
        GuaranteeFactory(application=a1)
        loan_application_submit(application=a1, actor=a1.applicant)
    with at(tehran(2025, 3, 20, 9)):
        LoanApplicationFactory(proposed_rate=Decimal(12), mine=m2, amount_requested=Decimal(1_000_000_000))
    with at(tehran(2025, 3, 20, 10)):
        m4.delete()
    l3 = _loan(officer, m2, contracted_on=END, first_due=dt.date(2025, 4, 20))
    with at(_on(END)):
        tranche(l3, officer, 600_000_000, END)
    with at(tehran(2025, 3, 20, 20)):
        m2.revival_stage = RevivalStage.REVIVED
        m2.jobs_now = 30
        m2.annual_output_tonnes = Decimal(6000)
        m2.save()

    # After the year: nothing here may change its figures.
    with at(tehran(2025, 3, 21, 0, 30)):
        MineFactory(province=kerman, jobs_before=50, jobs_now=70)
    with at(tehran(2025, 3, 21, 8)):
        m1.revival_stage = RevivalStage.ACTIVE
        m1.jobs_now = 20
        m1.save()
        loan_application_start_review(application=a1, actor=ReviewerFactory())
    _pay_off(l2, officer, AFTER_END)
    _loan(officer, m2, contracted_on=AFTER_END, first_due=dt.date(2025, 4, 21))
    with at(tehran(2025, 3, 22)):
        LoanApplicationFactory(proposed_rate=Decimal(12), mine=m2)
        tranche(l3, officer, 600_000_000, dt.date(2025, 3, 22))
        b2.status = BookingStatus.CANCELLED
        b2.save()
    with at(tehran(2025, 3, 23)):
        ProcessingUnitFactory()
    return {"officer": officer, "mines": (m1, m2), "loans": {"L1": l1, "L2": l2, "L3": l3, "L5": l5}}


def _mines(mines=0, verified=0, before=0, now=0, v_before=0, v_now=0, output=0, v_output=0, reserve=0):
    return {
        "mines": mines,
        "verified": verified,
        "jobs_before": before,
        "jobs_now": now,
        "verified_jobs_before": v_before,
        "verified_jobs_now": v_now,
        "annual_output_tonnes": Decimal(output),
        "verified_annual_output_tonnes": Decimal(v_output),
        "proven_reserve_tonnes": Decimal(reserve),
    }


M1_AT_END = _mines(1, 1, 3, 6, 3, 6, 1000, 1000, 50_000)
M2_AT_END = _mines(1, 1, 10, 30, 10, 30, 6000, 6000, 200_000)
MINES = {
    "totals": {
        **_mines(2, 2, 13, 36, 13, 36, 7000, 7000, 250_000),
        "revived": 1,
        "jobs_created": 23,
    },
    "by_stage": [
        {"stage": "idle", "label": "Idle", **_mines()},
        {"stage": "monitoring", "label": "Monitoring", **_mines()},
        {"stage": "intervention", "label": "Intervention", **M1_AT_END},
        {"stage": "active", "label": "Active", **_mines()},
        {"stage": "revived", "label": "Revived", **M2_AT_END},
    ],
    "by_province": [{"code": "IR-08", **M2_AT_END}, {"code": "IR-10", **M1_AT_END}],
    "by_mineral": [{"code": "chromite", **M2_AT_END}, {"code": "lead-zinc", **M1_AT_END}],
}
PRODUCTION = {
    "totals": {
        "jobs": 50,
        "tonnes_mined": Decimal(2500),
        "tonnes_sold": Decimal(1900),
        "revenue_rials": Decimal(8_000_000_000),
        "reports": 2,
        "mines_reporting": 1,
        "jobs_average": 25,
    },
    "by_month": [
        {"period_year": 1403, "period_month": 6, "jobs": 20, "tonnes_mined": Decimal(500),
         "tonnes_sold": Decimal(400), "revenue_rials": Decimal(1_000_000_000), "reports": 1},
        {"period_year": 1403, "period_month": 12, "jobs": 30, "tonnes_mined": Decimal(2000),
         "tonnes_sold": Decimal(1500), "revenue_rials": Decimal(7_000_000_000), "reports": 1},
    ],
}  # fmt: skip
# A1 submitted, A2 a draft; the applications of L1 (closed), L2 and L5 (repaying), L3 (disbursing).
STATES = {
    "draft": (1, 1_000_000_000),
    "submitted": (1, 3_000_000_000),
    "repaying": (2, 3_000_000_000),
    "disbursing": (1, 1_500_000_000),
    "closed": (1, 1_500_000_000),
}
APPLICATIONS = {
    "by_state": {
        status: STATES.get(status, (0, 0))
        for status in (
            "draft",
            "submitted",
            "under_review",
            "info_requested",
            "recommended",
            "approved",
            "rejected",
            "contracted",
            "disbursing",
            "repaying",
            "closed",
            "withdrawn",
        )
    },
    "submitted_in_period": 5,  # A1, and the applications of L1, L2, L3 and L5
    "requested_in_period": Decimal(3_000_000_000 + 4 * 1_500_000_000),
    "applications": 6,
}
LOANS = {"contracted": 4, "closed": 1, "active": 3}  # L1 closed; L2, L3 and L5 active; L4 not yet
MONEY = {
    "approved_in_period": Decimal(4 * 1_200_000_000),
    "loans_in_period": 4,
    "approved_to_date": Decimal(4 * 1_200_000_000),
    "loans_to_date": 4,
    "disbursed_in_period": Decimal(3 * 1_200_000_000 + 600_000_000),
    "disbursed_to_date": Decimal(3 * 1_200_000_000 + 600_000_000),
    "repaid_in_period": Decimal(1_200_000_000 + 100_000_000),
    "repaid_to_date": Decimal(1_200_000_000 + 100_000_000),
    # No payment of the year was late: L1 was paid off before any instalment fell due late and L5's first
    # instalment on its day; L2's penalty is paid with its payoff on 21 March, after the year.
    "penalty_paid_in_period": Decimal(0),
    "waivers_in_period": 1,
    "waived_in_period": Decimal(1_000_000),
}
# 366 days in the year (2024 is a leap year), one unit; B1 holds 10..20 March (11 days), B2 10 days.
UTILISATION = {
    "units": 1,
    "booked_days": 21,
    "available_days": 366,
    "percent": 5.7,
    "by_type": [{"units": 1, "booked_days": 21, "available_days": 366, "percent": 5.7}],
    "bookings": 2,
    "deployed_or_completed": 0,
    "units_booked": 1,
    "tonnes_processed": Decimal(0),
}
# On 20 March 2025: L3 current (600,000,000 outstanding, nothing due), L5 31–90 days (1,100,000,000
# outstanding, 200,000,000 overdue since 31 January), L2 over 90 days (1,200,000,000 outstanding, ten
# instalments overdue since 1 June 2024).
PORTFOLIO = {
    "on": END,
    "totals": {
        "outstanding_principal": Decimal(2_900_000_000),
        "active_loans": 3,
        "in_arrears_principal": Decimal(2_300_000_000),
        "in_arrears_overdue": Decimal(1_200_000_000),
        "in_arrears_count": 2,
    },
    "buckets": [
        ("current", 1, Decimal(600_000_000), Decimal(0)),
        ("1-30", 0, Decimal(0), Decimal(0)),
        ("31-90", 1, Decimal(1_100_000_000), Decimal(200_000_000)),
        ("90+", 1, Decimal(1_200_000_000), Decimal(1_000_000_000)),
    ],
}


def _without(row: dict, *keys) -> dict:
    return {key: value for key, value in row.items() if key not in keys}


def own_figures(figures: dict) -> dict:
    """Every figure but the portfolio's, shaped like the references (names and coordinates left out)."""
    mines = figures["mines"]
    names = ("name_fa", "name_en", "latitude", "longitude")
    return {
        "start": figures["start"],
        "end": figures["end"],
        "on": figures["on"],
        "mines": {
            "totals": mines["totals"],
            "by_stage": mines["by_stage"],
            "by_province": [_without(row, *names) for row in mines["by_province"]],
            "by_mineral": [_without(row, *names) for row in mines["by_mineral"]],
        },
        "production": figures["production"],
        "applications": {
            **figures["applications"],
            "by_state": {
                row["status"]: (row["count"], row["amount_requested"])
                for row in figures["applications"]["by_state"]
            },
        },
        "loans": figures["loans"],
        "money": figures["money"],
        "utilisation": {
            **figures["utilisation"],
            "by_type": [_without(row, "name_fa", "name_en") for row in figures["utilisation"]["by_type"]],
        },
    }


OWN_REFERENCE = {
    "start": START,
    "end": END,
    "on": END,
    "mines": MINES,
    "production": PRODUCTION,
    "applications": APPLICATIONS,
    "loans": LOANS,
    "money": MONEY,
    "utilisation": UTILISATION,
}


def portfolio(figures: dict) -> dict:
    result = figures["portfolio"]
    return {
        "on": result["on"],
        "totals": result["totals"],
        "buckets": [
            (row["bucket"], row["count"], row["principal"], row["overdue"]) for row in result["buckets"]
        ],
    }


@pytest.fixture
def programme(db):
    return craft()


def fy1403() -> dict:
    return programme_figures(start=START, end=END)


def test_every_figure_of_fy1403_is_as_of_its_last_day(programme):
    figures = fy1403()
    assert own_figures(figures) == OWN_REFERENCE
    # The crafted rows are really there today: the year's figures are not today's.
    assert Loan.objects.count() == 5 and Loan.objects.filter(status=LoanStatus.CLOSED).count() == 2
    assert programme["mines"][0].revival_stage == RevivalStage.ACTIVE


def test_the_fy1403_portfolio_is_as_of_its_last_day(programme):
    """Outstanding principal and arrears on 20 March 2025 (``portfolio_arrears`` on that day)."""
    assert portfolio(fy1403()) == PORTFOLIO


def test_a_month_is_taken_as_of_its_own_last_day(programme):
    """Esfand 1403 (19 February .. 20 March 2025): the same registry and loans, its own flows."""
    figures = programme_figures(start=dt.date(2025, 2, 19), end=END)
    assert figures["mines"]["totals"] == MINES["totals"]
    assert figures["loans"] == LOANS
    assert (figures["money"]["disbursed_in_period"], figures["money"]["repaid_in_period"]) == (
        Decimal(600_000_000),
        Decimal(0),
    )
    assert figures["applications"]["submitted_in_period"] == 2  # A1 and L3's application
    assert figures["production"]["totals"]["reports"] == 1


# Later events: (kind, days after the year, a number used by the kind).
LATER_EVENT = st.tuples(
    st.sampled_from(["repay", "stage", "mine", "application", "production", "booking", "loan"]),
    st.integers(min_value=3, max_value=300),
    st.integers(min_value=1, max_value=12),
)


def _apply_later(event, programme) -> None:
    kind, days, number = event
    day = END + dt.timedelta(days=days)
    officer, (m1, m2), loans = programme["officer"], programme["mines"], programme["loans"]
    with at(_on(day)):
        if kind == "repay":
            loan = loans["L5"] if number % 2 else loans["L3"]
            repay(loan, officer, number * 1_000_000, day)
        elif kind == "stage":
            mine = m1 if number % 2 else m2
            mine.revival_stage = list(RevivalStage)[number % 5]
            mine.jobs_now = 100 + number
            mine.verification_status = Verification.VERIFIED if number % 3 else Verification.PENDING
            mine.save()
        elif kind == "mine":
            MineFactory(jobs_before=number, jobs_now=2 * number)
        elif kind == "application":
            application = LoanApplicationFactory(
                proposed_rate=Decimal(12), mine=m2, amount_requested=number * 10**9
            )
            GuaranteeFactory(application=application)
            loan_application_submit(application=application, actor=application.applicant)
        elif kind == "production":
            ProductionReportFactory(mine=m1, period_year=1404 + number // 12, period_month=number % 12 + 1)
        elif kind == "booking":
            BookingFactory(
                unit=ProcessingUnitFactory(),
                request=UnitRequestFactory(
                    mine=m2,
                    desired_start=day - dt.timedelta(days=400),
                    desired_end=day - dt.timedelta(days=1),
                ),
            )
    if kind == "loan":
        contracted_on = day
        loan = _loan(officer, m2, contracted_on=contracted_on, first_due=day + dt.timedelta(days=30))
        with at(_on(day)):
            tranche(loan, officer, number * 10_000_000, day)


# Few examples and no shrinking: each one records up to four rows through the services.
LATER = settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
LATER_EVENTS = st.lists(LATER_EVENT, min_size=1, max_size=4, unique_by=lambda event: (event[0], event[2]))


def _figures_after(programme, events) -> dict:
    """The year's figures with ``events`` recorded after it (rolled back afterwards)."""
    with transaction.atomic():
        for event in sorted(events, key=lambda e: e[1]):
            _apply_later(event, programme)
        figures = fy1403()
        transaction.set_rollback(True)
    return figures


@LATER
@given(events=LATER_EVENTS)
def test_rows_dated_after_the_year_change_none_of_its_figures(programme, events):
    assert own_figures(_figures_after(programme, events)) == OWN_REFERENCE


@LATER
@given(events=LATER_EVENTS)
def test_rows_dated_after_the_year_change_nothing_of_its_portfolio(programme, events):
    assert portfolio(_figures_after(programme, events)) == PORTFOLIO
