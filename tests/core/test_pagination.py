"""One page-size rule on every list, HTML and API: ?page_size= (default 25, at most 100, bad → default)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone
from rest_framework.request import Request

from associations import services as association_services
from associations.models import ReviewSession
from financing.choices import ApplicationStatus
from revival_portal.core.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PortalPagination, page_size
from revival_portal.notifications.models import Notification
from tests.associations.factories import (
    AssociationFactory,
    InvestorFactory,
    member,
    purchase_offer,
    representative,
)
from tests.equipment.factories import (
    BidFactory,
    BookingFactory,
    ProcessingUnitFactory,
    TenderFactory,
    UnitRequestFactory,
    UnitTypeFactory,
)
from tests.factories import FundOfficerFactory, OperatorFactory, ReviewerFactory, signed_in
from tests.financing.factories import (
    GuaranteeFactory,
    LoanApplicationFactory,
    RatePolicyFactory,
    contracted_loan,
    repay,
    tranche,
)
from tests.mines.factories import MineFactory, PendingMineFactory, ProductionReportFactory
from tests.reports.factories import ProgrammeReportFactory

pytestmark = pytest.mark.django_db

ROWS = 30  # more than the default page and more than the smallest size


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        (None, 25),
        ("10", 10),
        ("100", 100),
        ("1000", 100),
        ("101", 100),
        ("1", 1),
        ("0", 25),
        ("-5", 25),
        ("abc", 25),
        ("", 25),
        ("2.5", 25),
        ("9" * 40, 100),
    ],
)
def test_the_page_size_rule(asked, expected):
    request = RequestFactory().get("/", {} if asked is None else {"page_size": asked})
    assert page_size(request) == expected
    assert PortalPagination().get_page_size(Request(request)) == expected


# --- Every list: who reads it and how its rows are made -------------------------------------------------


def _mines(ctx):
    for _ in range(ROWS):
        MineFactory(operator=ctx["operator"], verified_by=ctx["reviewer"])


def _pending_mines(ctx):
    for _ in range(ROWS):
        PendingMineFactory(operator=ctx["operator"])


def _reports_of_mines(ctx):
    mine = MineFactory(operator=ctx["operator"], verified_by=ctx["reviewer"])
    for n in range(ROWS):
        ProductionReportFactory(mine=mine, period_year=1400 + n // 12, period_month=n % 12 + 1)


def _applications(ctx, **fields):
    for _ in range(ROWS):
        mine = MineFactory(operator=ctx["operator"], verified_by=ctx["reviewer"])
        LoanApplicationFactory(mine=mine, **fields)


def _approved_applications(ctx):
    _applications(ctx, status=ApplicationStatus.APPROVED)


def _loans(ctx):
    for _ in range(ROWS):
        contracted_loan(
            officer=ctx["fund_officer"],
            mine=MineFactory(operator=ctx["operator"], verified_by=ctx["reviewer"]),
        )


def _one_loan(ctx):
    return contracted_loan(
        officer=ctx["fund_officer"],
        amount=Decimal("1000000000"),
        contracted_on=timezone.localdate() - dt.timedelta(days=90),
        mine=MineFactory(operator=ctx["operator"], verified_by=ctx["reviewer"]),
    )


def _disbursements(ctx):
    loan = _one_loan(ctx)
    for n in range(ROWS):
        tranche(loan, ctx["fund_officer"], 1_000_000, timezone.localdate() - dt.timedelta(days=60 - n))


def _repayments(ctx):
    loan = _one_loan(ctx)
    tranche(loan, ctx["fund_officer"], 500_000_000, timezone.localdate() - dt.timedelta(days=60))
    for n in range(ROWS):
        repay(loan, ctx["fund_officer"], 100_000, timezone.localdate() - dt.timedelta(days=40 - n))


def _guarantees(ctx):
    for _ in range(ROWS):
        mine = MineFactory(operator=ctx["operator"], verified_by=ctx["reviewer"])
        GuaranteeFactory(application=LoanApplicationFactory(mine=mine))


def _bids(ctx):
    tender = TenderFactory(created_by=ctx["reviewer"])
    for _ in range(ROWS):
        BidFactory(tender=tender)


def _unit_requests(ctx):
    mine = MineFactory(operator=ctx["operator"], verified_by=ctx["reviewer"])
    for _ in range(ROWS):
        UnitRequestFactory(mine=mine)


def _bookings(ctx):
    mine = MineFactory(operator=ctx["operator"], verified_by=ctx["reviewer"])
    unit_type = UnitTypeFactory()
    for n in range(ROWS):
        start = timezone.localdate() + dt.timedelta(days=10 + 40 * n)
        request = UnitRequestFactory(
            mine=mine, desired_start=start, desired_end=start + dt.timedelta(days=30)
        )
        BookingFactory(
            request=request, unit=ProcessingUnitFactory(unit_type=unit_type), booked_by=ctx["reviewer"]
        )


def _units(ctx):
    unit_type = UnitTypeFactory()
    for _ in range(ROWS):
        ProcessingUnitFactory(unit_type=unit_type)


def _unit_types(ctx):
    for _ in range(ROWS):
        UnitTypeFactory()


def _tenders(ctx):
    for _ in range(ROWS):
        TenderFactory(created_by=ctx["reviewer"])


def _associations(ctx):
    for _ in range(ROWS):
        AssociationFactory()


def _rate_policies(ctx):
    for n in range(ROWS):
        RatePolicyFactory(effective_from=timezone.localdate() - dt.timedelta(days=30 + n))


def _notifications(ctx):
    for n in range(ROWS):
        Notification.objects.create(recipient=ctx["operator"], kind="test", subject=f"Message {n}")


def _programme_reports(ctx):
    for n in range(ROWS):
        ProgrammeReportFactory(
            requested_by=ctx["reviewer"], jalali_year=1390 + n // 12, jalali_month=n % 12 + 1
        )


def _members(ctx):
    association = ctx["association"]
    for _ in range(ROWS):
        member(
            MineFactory(operator=ctx["operator"], verified_by=ctx["reviewer"]),
            association,
            ctx["representative"],
        )


def _membership_requests(ctx):
    mines = [MineFactory(operator=ctx["operator"], verified_by=ctx["reviewer"]) for _ in range(ROWS)]
    association_services.membership_request(
        actor=ctx["operator"], association=ctx["association"], mines=mines
    )


def _sessions(ctx):
    for n in range(ROWS):
        ReviewSession.objects.create(
            title=f"Session {n}",
            meets_on=timezone.localdate() + dt.timedelta(days=n),
            opened_by=ctx["reviewer"],
        )


def _offers(ctx):
    for _ in range(ROWS):
        purchase_offer(
            investor=ctx["investor"], mine=MineFactory(operator=ctx["operator"], verified_by=ctx["reviewer"])
        )


def _investors(ctx):
    for _ in range(ROWS):
        InvestorFactory()


HTML = "html"
API = "api"
LISTS = [
    # (kind, address, who reads it, how its rows are made)
    (HTML, reverse("mines:list"), "reviewer", _mines),
    (HTML, reverse("mines:review_queue"), "reviewer", _pending_mines),
    (HTML, reverse("financing:application_list"), "operator", _applications),
    (HTML, reverse("financing:awaiting_contract"), "fund_officer", _approved_applications),
    (HTML, reverse("financing:loan_list"), "fund_officer", _loans),
    (HTML, reverse("equipment:request_list"), "reviewer", _unit_requests),
    (HTML, reverse("equipment:booking_list"), "reviewer", _bookings),
    (HTML, reverse("equipment:unit_list"), "reviewer", _units),
    (HTML, reverse("equipment:tender_list"), "reviewer", _tenders),
    (HTML, reverse("associations:association_list"), "operator", _associations),
    (HTML, reverse("associations:membership_list"), "representative", _membership_requests),
    (HTML, reverse("associations:member_list"), "representative", _members),
    (HTML, reverse("associations:session_list"), "reviewer", _sessions),
    (HTML, reverse("associations:catalogue"), "investor", _mines),
    (HTML, reverse("associations:offer_list"), "investor", _offers),
    (HTML, reverse("notifications:inbox"), "operator", _notifications),
    (HTML, reverse("reports:list"), "reviewer", _programme_reports),
    (API, "/api/v1/mines/", "reviewer", _mines),
    (API, "/api/v1/production-reports/", "reviewer", _reports_of_mines),
    (API, "/api/v1/loan-applications/", "operator", _applications),
    (API, "/api/v1/guarantees/", "operator", _guarantees),
    (API, "/api/v1/loans/", "fund_officer", _loans),
    (API, "/api/v1/disbursements/", "fund_officer", _disbursements),
    (API, "/api/v1/repayments/", "fund_officer", _repayments),
    (API, "/api/v1/rate-policies/", "fund_officer", _rate_policies),
    (API, "/api/v1/unit-types/", "reviewer", _unit_types),
    (API, "/api/v1/processing-units/", "reviewer", _units),
    (API, "/api/v1/unit-requests/", "reviewer", _unit_requests),
    (API, "/api/v1/bookings/", "reviewer", _bookings),
    (API, "/api/v1/tenders/", "reviewer", _tenders),
    (API, "/api/v1/bids/", "reviewer", _bids),
    (API, "/api/v1/associations/", "operator", _associations),
    (API, "/api/v1/memberships/", "representative", _membership_requests),
    (API, "/api/v1/member-mines/", "representative", _members),
    (API, "/api/v1/review-sessions/", "reviewer", _sessions),
    (API, "/api/v1/catalogue/", "investor", _mines),
    (API, "/api/v1/investors/", "reviewer", _investors),
    (API, "/api/v1/offers/", "investor", _offers),
    (API, "/api/v1/notifications/", "operator", _notifications),
]


@pytest.fixture
def people():
    reviewer = ReviewerFactory()
    association = AssociationFactory()
    return {
        "reviewer": reviewer,
        "operator": OperatorFactory(),
        "fund_officer": FundOfficerFactory(),
        "association": association,
        "representative": representative(association),
        "investor": InvestorFactory(),
    }


def _rows(kind, client, url, size):
    query = {} if size is None else {"page_size": size}
    response = client.get(url, query)
    assert response.status_code == 200, (url, size)
    if kind == HTML:
        page = response.context["page"]
        return len(page.object_list), page.paginator.per_page
    return len(response.json()["results"]), None


def _queries(client, url, size) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"page_size": size}).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("kind", "url", "role", "make_rows"), LISTS, ids=[f"{k}:{u}" for k, u, *_ in LISTS])
def test_every_list_follows_the_page_size_rule(people, kind, url, role, make_rows):
    make_rows(people)
    user = people["investor"].user if role == "investor" else people[role]
    client = signed_in(user)

    assert _rows(kind, client, url, None)[0] == DEFAULT_PAGE_SIZE
    assert _rows(kind, client, url, 10)[0] == 10
    every = _rows(kind, client, url, 100)[0]  # all of them (the people above may add one)
    assert ROWS <= every <= ROWS + 1
    rows, per_page = _rows(kind, client, url, 1000)
    assert rows == every
    for garbage in ("abc", "-1", "0", "", "1e3"):
        assert _rows(kind, client, url, garbage)[0] == DEFAULT_PAGE_SIZE, garbage
    if kind == HTML:
        assert per_page == MAX_PAGE_SIZE
    else:
        view = resolve(url).func
        assert issubclass(view.cls().pagination_class, PortalPagination)

    client.get(url, {"page_size": 10})  # caches filled alike for both counts
    assert _queries(client, url, 10) == _queries(client, url, 100)


def test_a_thousand_is_capped_at_one_hundred_rows_on_a_page_and_in_the_api(people):
    for _ in range(MAX_PAGE_SIZE + 5):
        MineFactory(operator=people["operator"], verified_by=people["reviewer"])
    client = signed_in(people["reviewer"])

    page = client.get(reverse("mines:list"), {"page_size": 1000}).context["page"]
    assert len(page.object_list) == MAX_PAGE_SIZE
    assert page.paginator.num_pages == 2
    body = client.get("/api/v1/mines/", {"page_size": 1000}).json()
    assert len(body["results"]) == MAX_PAGE_SIZE
    assert body["count"] == MAX_PAGE_SIZE + 5


def test_the_selector_offers_the_sizes_and_keeps_the_filters(people):
    _mines(people)
    client = signed_in(people["reviewer"], language="fa")

    html = client.get(
        reverse("mines:list"), {"page_size": 10, "revival_stage": "intervention"}
    ).content.decode()

    assert 'name="page_size"' in html
    assert '<option value="10" selected>۱۰</option>' in html
    assert '<option value="100">۱۰۰</option>' in html
    assert '<input type="hidden" name="revival_stage" value="intervention">' in html
    assert "ردیف در هر صفحه" in html
    assert "page_size=10" in html  # the next-page link keeps the size


# Reference lists a form loads whole (31 provinces, a few dozen minerals): one plain list, not pages.
UNPAGINATED_REFERENCE_LISTS = {"minerals", "provinces"}


def test_every_api_list_paginates_by_the_one_rule():
    from importlib import import_module

    listed = []
    for module in ("revival_portal.notifications", "mines", "financing", "equipment", "associations"):
        for prefix, viewset, _basename in import_module(f"{module}.api.urls").router.registry:
            if not hasattr(viewset, "list"):
                continue
            listed.append(prefix)
            if prefix in UNPAGINATED_REFERENCE_LISTS:
                assert viewset.pagination_class is None, prefix
            else:
                assert issubclass(viewset.pagination_class, PortalPagination), prefix
    assert len(listed) >= 25
    assert {"loan-applications", "loans", "repayments", "disbursements", "notifications"} <= set(listed)
