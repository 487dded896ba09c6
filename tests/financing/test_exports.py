"""Exports of the financing lists (applications, those awaiting a contract, loans, the portfolio, tranches
and repayments): the same rows as the page for the same filters, scoped like the page, query counts that do
not grow with the rows, Persian cells."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from financing.choices import ApplicationStatus, ArrearsBucket
from financing.exports import (
    APPLICATION_EXPORT,
    AWAITING_CONTRACT_EXPORT,
    DISBURSEMENT_EXPORT,
    LOAN_EXPORT,
    PORTFOLIO_EXPORT,
    REPAYMENT_EXPORT,
)
from financing.models import LoanApplication
from revival_portal.core.calendar import format_jalali
from tests.exports import csv_table, export_queries, records, xlsx_table
from tests.factories import FundOfficerFactory, OperatorFactory, PartnerFactory, ReviewerFactory, signed_in
from tests.financing.factories import (
    TODAY,
    LoanApplicationFactory,
    approved_application,
    contracted_loan,
    old_loan,
    repay,
    submitted_application,
    tranche,
)
from tests.mines.factories import MineFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def url(name: str, fmt: str = "csv") -> str:
    return reverse("exports:download", args=[name, fmt])


def exported(client, export, fmt="csv", **params) -> list[dict]:
    table = csv_table if fmt == "csv" else xlsx_table
    return records(table(client.get(url(export.name, fmt), params)), export)


def test_applications_same_rows_as_the_page_for_the_same_filters():
    reviewer = ReviewerFactory()
    submitted = [submitted_application(amount_requested=Decimal(n * 1_000_000_000)) for n in (1, 2, 3)]
    LoanApplicationFactory()  # a draft: not in the review queue
    client = signed_in(reviewer)
    for params in ({}, {"amount_min": 2_000_000_000}, {"status": "draft"}, {"sort": "amount"}):
        page = client.get(reverse("financing:application_list"), params).context["page"]
        rows = exported(client, APPLICATION_EXPORT, **params)
        assert [row["id"] for row in rows] == [str(a.pk) for a in page.object_list], params
    rows = exported(client, APPLICATION_EXPORT, sort="amount")
    assert [row["id"] for row in rows] == [str(a.pk) for a in submitted]
    assert rows[0]["status"] == str(ApplicationStatus.SUBMITTED.label)
    assert rows[0]["amount_requested"] == "1000000000"


def test_an_operator_exports_only_own_applications_and_a_foreign_mine_is_404():
    mine = MineFactory()
    own = LoanApplicationFactory(mine=mine)
    foreign = LoanApplicationFactory()
    client = signed_in(mine.operator)
    assert [row["id"] for row in exported(client, APPLICATION_EXPORT)] == [str(own.pk)]
    assert client.get(url("loan-applications"), {"mine": foreign.mine_id}).status_code == 404
    assert exported(signed_in(PartnerFactory()), APPLICATION_EXPORT) == []


def test_application_export_queries_do_not_grow_with_rows():
    client = signed_in(ReviewerFactory())
    for _ in range(3):
        LoanApplicationFactory()
    few = export_queries(client, url("loan-applications"), {"status": "draft"})
    for _ in range(27):
        LoanApplicationFactory()
    assert export_queries(client, url("loan-applications"), {"status": "draft"}) == few


@pytest.fixture
def officer(db):
    return FundOfficerFactory()


def test_loans_with_amounts_disbursed_and_repaid(officer):
    on = dt.date.today() - dt.timedelta(days=40)
    loan = contracted_loan(officer=officer, contracted_on=on, first_due_date=on + dt.timedelta(days=30))
    other = contracted_loan(officer=officer)
    tranche(loan, officer, 600_000_000, on)
    tranche(loan, officer, 400_000_000, on + dt.timedelta(days=1))
    repay(loan, officer, 50_000_000, on + dt.timedelta(days=30))
    client = signed_in(officer)
    page = client.get(reverse("financing:loan_list")).context["page"]
    rows = {row["id"]: row for row in exported(client, LOAN_EXPORT)}
    assert list(rows) == [str(item.pk) for item in page.object_list]
    assert (rows[str(loan.pk)]["disbursed"], rows[str(loan.pk)]["repaid"]) == ("1000000000", "50000000")
    assert (rows[str(other.pk)]["disbursed"], rows[str(other.pk)]["repaid"]) == ("0", "0")
    assert rows[str(loan.pk)]["first_due_date"] == (on + dt.timedelta(days=30)).isoformat()
    # The operator sees their own loan; another operator none.
    assert [r["id"] for r in exported(signed_in(loan.application.applicant), LOAN_EXPORT)] == [str(loan.pk)]
    assert exported(signed_in(OperatorFactory()), LOAN_EXPORT) == []
    # The same list in the XLSX, with money as numbers.
    xlsx = {row["id"]: row for row in exported(client, LOAN_EXPORT, "xlsx")}
    assert xlsx[loan.pk]["disbursed"] == 1_000_000_000


def test_disbursements_and_repayments_of_a_loan_scoped_like_the_api(officer):
    on = dt.date.today() - dt.timedelta(days=40)
    loan = contracted_loan(officer=officer, contracted_on=on, first_due_date=on + dt.timedelta(days=30))
    other = contracted_loan(officer=officer, contracted_on=on)
    first = tranche(loan, officer, 600_000_000, on)
    tranche(other, officer, 100_000_000, on)
    payment = repay(loan, officer, 50_000_000, on + dt.timedelta(days=30))
    staff = signed_in(officer)
    api = staff.get("/api/v1/disbursements/", {"loan": loan.pk}).json()
    api_ids = [item["id"] for item in api.get("results", api)]
    rows = exported(staff, DISBURSEMENT_EXPORT, loan=loan.pk)
    assert [int(row["id"]) for row in rows] == api_ids == [first.pk]
    assert rows[0]["amount"] == "600000000" and rows[0]["disbursed_on"] == on.isoformat()
    assert [row["id"] for row in exported(staff, REPAYMENT_EXPORT, loan=loan.pk)] == [str(payment.pk)]
    owner = signed_in(loan.application.applicant)
    assert [row["id"] for row in exported(owner, DISBURSEMENT_EXPORT)] == [str(first.pk)]
    # Another operator's loan in the filter is 404; their unfiltered lists are empty.
    stranger = signed_in(OperatorFactory())
    assert stranger.get(url("disbursements"), {"loan": loan.pk}).status_code == 404
    assert stranger.get(url("repayments"), {"loan": loan.pk}).status_code == 404
    assert exported(stranger, REPAYMENT_EXPORT) == []


def test_persian_disbursement_export_has_jalali_dates(officer):
    on = dt.date(2025, 3, 21)
    loan = contracted_loan(officer=officer, contracted_on=on, first_due_date=on + dt.timedelta(days=30))
    tranche(loan, officer, 600_000_000, on)
    client = signed_in(officer, language="fa")
    table = csv_table(client.get(url("disbursements")))
    assert table[0][0] == "شناسه"
    assert table[1][[c.key for c in DISBURSEMENT_EXPORT.columns].index("disbursed_on")] == "1404/01/01"
    assert format_jalali(on) == "1404/01/01"


def test_loan_money_exports_queries_do_not_grow_with_rows(officer):
    on = dt.date.today() - dt.timedelta(days=40)
    client = signed_in(officer)

    def add_loans(count):
        for _ in range(count):
            loan = contracted_loan(officer=officer, contracted_on=on)
            tranche(loan, officer, 100_000_000, on)
            repay(loan, officer, 1_000_000, on + dt.timedelta(days=2))

    add_loans(3)
    names = ("loans", "disbursements", "repayments")
    few = {(name, fmt): export_queries(client, url(name, fmt)) for name in names for fmt in ("csv", "xlsx")}
    add_loans(27)
    many = {(name, fmt): export_queries(client, url(name, fmt)) for name in names for fmt in ("csv", "xlsx")}
    assert few == many


def _loan_in_arrears(officer, months_ago=4):
    loan = old_loan(officer, amount=1_200_000_000, months_ago=months_ago, term=12, grace=0)
    tranche(loan, officer, 1_200_000_000, TODAY - dt.timedelta(days=months_ago * 30))
    return loan


def test_portfolio_export_has_the_pages_figures(officer):
    late = _loan_in_arrears(officer)
    current = contracted_loan(officer=officer)
    client = signed_in(officer)
    page = client.get(reverse("financing:portfolio")).context
    rows = {row["id"]: row for row in exported(client, PORTFOLIO_EXPORT)}
    assert set(rows) == {str(late.pk), str(current.pk)}
    for item in page["rows"]:
        row = rows[str(item["loan"].pk)]
        assert row["days"] == str(item["days"]) and row["overdue"] == str(int(item["overdue"]))
        assert row["outstanding"] == str(int(item["outstanding"]))
        assert row["penalty"] == str(int(item["penalty"]))
        assert row["bucket"] == str(ArrearsBucket(item["bucket"]).label)
    assert int(rows[str(late.pk)]["days"]) > 0 and int(rows[str(late.pk)]["overdue"]) > 0
    assert rows[str(current.pk)]["bucket"] == str(ArrearsBucket.CURRENT.label)
    # The portfolio page's filters apply: by arrears bucket.
    late_bucket = next(item["bucket"] for item in page["rows"] if item["loan"].pk == late.pk)
    only = exported(client, PORTFOLIO_EXPORT, bucket=late_bucket)
    assert [row["id"] for row in only] == [str(late.pk)]


def test_portfolio_export_of_a_past_day_is_the_pages_of_that_day(officer):
    late = _loan_in_arrears(officer)
    contracted_loan(officer=officer)  # contracted today: not yet active on the past day
    client = signed_in(officer)
    day = TODAY - dt.timedelta(days=40)
    page = client.get(reverse("financing:portfolio"), {"on": day.isoformat()}).context
    rows = exported(client, PORTFOLIO_EXPORT, on=day.isoformat())
    assert [row["id"] for row in rows] == [str(item["loan"].pk) for item in page["rows"]] == [str(late.pk)]
    (item,) = page["rows"]
    assert (rows[0]["days"], rows[0]["overdue"]) == (str(item["days"]), str(int(item["overdue"])))
    assert rows[0]["penalty"] == ""  # a stored balance, shown for today only, as on the page
    # A day the filter refuses is not found, as on every export.
    assert client.get(url("portfolio"), {"on": "not a day"}).status_code == 404


def test_portfolio_export_is_for_programme_staff_only(officer):
    loan = _loan_in_arrears(officer)
    assert signed_in(loan.application.applicant).get(url("portfolio")).status_code == 403
    assert signed_in(PartnerFactory()).get(url("portfolio")).status_code == 403


def test_portfolio_export_queries_do_not_grow_with_rows(officer):
    client = signed_in(officer)
    for _ in range(3):
        _loan_in_arrears(officer)
    few = {fmt: export_queries(client, url("portfolio", fmt)) for fmt in ("csv", "xlsx")}
    for _ in range(27):
        _loan_in_arrears(officer)
    assert {fmt: export_queries(client, url("portfolio", fmt)) for fmt in ("csv", "xlsx")} == few


def test_awaiting_contract_same_rows_as_the_fund_officers_page(officer):
    approved = [approved_application(amount_requested=Decimal(n * 1_000_000_000)) for n in (1, 2)]
    submitted_application()  # not approved yet
    client = signed_in(officer)
    page = client.get(reverse("financing:awaiting_contract")).context["page"]
    rows = exported(client, AWAITING_CONTRACT_EXPORT)
    assert [row["id"] for row in rows] == [str(a.pk) for a in page.object_list]
    assert sorted(row["id"] for row in rows) == sorted(str(a.pk) for a in approved)
    assert {row["amount_requested"] for row in rows} == {"1000000000", "2000000000"}
    xlsx = exported(client, AWAITING_CONTRACT_EXPORT, "xlsx")
    assert [row["id"] for row in xlsx] == [a.pk for a in page.object_list]
    # Once contracted, an application leaves the list.
    contracted = contracted_loan(officer=officer)
    assert str(contracted.application_id) not in {
        row["id"] for row in exported(client, AWAITING_CONTRACT_EXPORT)
    }


def test_awaiting_contract_export_is_refused_to_those_the_page_refuses():
    application = approved_application()
    for person in (application.applicant, ReviewerFactory(), PartnerFactory()):
        client = signed_in(person)
        assert client.get(reverse("financing:awaiting_contract")).status_code == 403
        assert client.get(url("awaiting-contract")).status_code == 403


def test_awaiting_contract_export_in_persian(officer):
    application = approved_application()
    LoanApplication.objects.filter(pk=application.pk).update(
        submitted_at=dt.datetime(2025, 3, 21, 8, tzinfo=dt.UTC)
    )
    client = signed_in(officer, language="fa")
    with translation.override("fa"):
        (row,) = records(csv_table(client.get(url("awaiting-contract"))), AWAITING_CONTRACT_EXPORT)
        assert AWAITING_CONTRACT_EXPORT.headers()[0] == "درخواست"
    assert row["submitted_at"].startswith("1404/01/01 ")


def test_awaiting_contract_export_queries_do_not_grow_with_rows(officer):
    client = signed_in(officer)
    for _ in range(2):
        LoanApplicationFactory(status=ApplicationStatus.APPROVED)
    few = {fmt: export_queries(client, url("awaiting-contract", fmt)) for fmt in ("csv", "xlsx")}
    for _ in range(20):
        LoanApplicationFactory(status=ApplicationStatus.APPROVED)
    assert {fmt: export_queries(client, url("awaiting-contract", fmt)) for fmt in ("csv", "xlsx")} == few


def test_awaiting_contract_page_links_its_export(officer):
    html = signed_in(officer).get(reverse("financing:awaiting_contract")).content.decode()
    assert (
        f'href="{url("awaiting-contract", "csv")}"' in html
        and f'href="{url("awaiting-contract", "xlsx")}"' in html
    )
