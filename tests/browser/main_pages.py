"""The main pages of every role, on the demo data (``manage.py seed_demo``).

One list serves the accessibility, phone-width and Persian-digits checks (``test_every_page.py``), so a
page added here is checked by all three.
"""

from __future__ import annotations

from django.urls import reverse

from associations.choices import OfferDirection, OfferStatus
from associations.models import Association, Offer, ReviewSession
from associations.selectors import catalogue_mines, member_applications, member_mines, member_unit_requests
from equipment.choices import RequestStatus, TenderStatus
from equipment.models import Booking, ProcessingUnit, Tender, UnitRequest
from financing.choices import ApplicationStatus, LoanStatus
from financing.models import Loan, LoanApplication
from mines.models import Mine
from revival_portal.accounts.models import User
from revival_portal.core.management.commands.seed_demo import DEMO_PASSWORD

PUBLIC = None  # the visitor who is not signed in


def _first(queryset):
    found = queryset.order_by("pk").first()
    assert found is not None, f"the demo data has no {queryset.model.__name__} for this page"
    return found


def main_pages() -> dict[str | None, list[str]]:
    """Username (``None`` for the public) -> the addresses that person opens most."""
    operator = User.objects.get(username="operator")
    own_mine = _first(Mine.objects.filter(operator=operator))
    own_application = _first(LoanApplication.objects.filter(applicant=operator))
    own_loan = _first(Loan.objects.filter(application__applicant=operator))
    own_request = _first(UnitRequest.objects.filter(mine__operator=operator))
    own_booking = _first(Booking.objects.filter(request__mine__operator=operator))
    open_tender = _first(Tender.objects.filter(status=TenderStatus.PUBLISHED))
    awarded_tender = _first(Tender.objects.filter(status=TenderStatus.AWARDED))
    waiting_request = _first(UnitRequest.objects.filter(status=RequestStatus.REQUESTED))
    reviewable = [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW]
    in_review = _first(LoanApplication.objects.filter(status__in=reviewable))
    loan = _first(Loan.objects.exclude(disbursements=None))
    unit = _first(ProcessingUnit.objects.all())
    mine = _first(Mine.objects.all())
    common_staff = [
        reverse("dashboard"),
        reverse("mines:list"),
        reverse("mines:detail", args=[mine.pk]),
        reverse("financing:application_list"),
        reverse("financing:application_detail", args=[in_review.pk]),
        reverse("financing:loan_list"),
        reverse("financing:loan_detail", args=[loan.pk]),
        reverse("financing:loan_statement", args=[loan.pk]),
        reverse("equipment:request_list"),
        reverse("equipment:request_detail", args=[waiting_request.pk]),
        reverse("reports:dashboard"),
        reverse("reports:list"),
        reverse("notifications:inbox"),
    ]
    pages = {
        PUBLIC: [
            reverse("home"),
            reverse("accounts:login"),
            reverse("accounts:sign_up"),
            reverse("reports:transparency"),
            reverse("equipment:tender_list"),
            reverse("equipment:tender_detail", args=[open_tender.pk]),
        ],
        "operator": [
            reverse("dashboard"),
            reverse("mines:list"),
            reverse("mines:detail", args=[own_mine.pk]),
            reverse("mines:register"),
            reverse("mines:report_create", args=[own_mine.pk]),
            reverse("financing:application_list"),
            reverse("financing:application_new"),
            reverse("financing:application_detail", args=[own_application.pk]),
            reverse("financing:loan_list"),
            reverse("financing:loan_detail", args=[own_loan.pk]),
            reverse("financing:loan_statement", args=[own_loan.pk]),
            reverse("financing:loan_statement_download", args=[own_loan.pk, "print"]),
            reverse("equipment:request_list"),
            reverse("equipment:request_create"),
            reverse("equipment:request_detail", args=[own_request.pk]),
            reverse("equipment:booking_list"),
            reverse("equipment:booking_detail", args=[own_booking.pk]),
            reverse("notifications:inbox"),
            reverse("accounts:password_change"),
            reverse("accounts:api_tokens"),
        ],
        "reviewer": [
            *common_staff,
            reverse("mines:review_queue"),
            reverse("mines:import"),
            reverse("financing:application_recommend", args=[in_review.pk]),
            reverse("equipment:unit_list"),
            reverse("equipment:unit_detail", args=[unit.pk]),
            reverse("equipment:utilisation"),
            reverse("equipment:tender_list"),
            reverse("equipment:tender_create"),
            reverse("equipment:tender_detail", args=[awarded_tender.pk]),
        ],
        "fund_officer": [
            *common_staff,
            reverse("financing:awaiting_contract"),
            reverse("financing:portfolio"),
            reverse("financing:disbursement_add", args=[loan.pk]),
            reverse("financing:repayment_add", args=[loan.pk]),
            reverse("financing:penalty_waive", args=[loan.pk]),
            reverse("financing:loan_statement_download", args=[loan.pk, "print"]),
            reverse("accounts:api_tokens"),
        ],
        "admin": [
            reverse("dashboard"),
            reverse("mines:list"),
            reverse("financing:portfolio"),
            reverse("equipment:unit_list"),
            reverse("reports:dashboard"),
        ],
        "partner": [
            reverse("dashboard"),
            reverse("equipment:tender_list"),
            reverse("equipment:tender_detail", args=[open_tender.pk]),
            reverse("equipment:bid_submit", args=[open_tender.pk]),
            reverse("equipment:bid_list"),
            reverse("notifications:inbox"),
            reverse("accounts:api_tokens"),
        ],
    }
    _add_association_pages(pages)
    disbursing = Loan.objects.filter(status=LoanStatus.DISBURSING).order_by("pk").first()
    if disbursing is not None:
        pages["fund_officer"] += [
            reverse("financing:loan_detail", args=[disbursing.pk]),
            reverse("financing:remainder_cancel", args=[disbursing.pk]),
        ]
    # The decision and contract forms, when the demo has an application at that step.
    for who, status, url_name in (
        ("reviewer", ApplicationStatus.RECOMMENDED, "financing:application_decide"),
        ("fund_officer", ApplicationStatus.APPROVED, "financing:loan_contract"),
    ):
        application = LoanApplication.objects.filter(status=status).order_by("pk").first()
        if application is not None:
            pages[who].append(reverse(url_name, args=[application.pk]))
    return pages


def _add_association_pages(pages: dict[str | None, list[str]]) -> None:
    """The associations area: members, endorsements, review sessions, the catalogue and offers."""
    representative = User.objects.get(username="association")
    operator = User.objects.get(username="operator")
    partner = User.objects.get(username="partner")
    session = _first(ReviewSession.objects.for_user(representative))
    member_mine = _first(member_mines(representative))
    endorsable = _first(member_applications(representative))
    own_offer = _first(Offer.objects.for_user(operator))
    sent_offer = _first(Offer.objects.for_user(partner).filter(status=OfferStatus.SENT))
    joinable = _first(Association.objects.exclude(memberships__mine__operator=operator))
    pages["association"] = [
        reverse("dashboard"),
        reverse("associations:member_list"),
        reverse("associations:member_mine_detail", args=[member_mine.pk]),
        reverse("associations:application_endorse", args=[endorsable.pk]),
        reverse("associations:membership_list"),
        reverse("associations:session_list"),
        reverse("associations:session_detail", args=[session.pk]),
        reverse("associations:session_minutes", args=[session.pk]),
        reverse("notifications:inbox"),
        reverse("accounts:api_tokens"),
    ]
    unit_request = member_unit_requests(representative).order_by("pk").first()
    if unit_request is not None:
        pages["association"].append(reverse("associations:unit_request_endorse", args=[unit_request.pk]))
    pages["operator"] += [
        reverse("associations:association_list"),
        reverse("associations:association_join", args=[joinable.pk]),
        reverse("associations:membership_list"),
        reverse("associations:offer_list"),
        reverse("associations:offer_detail", args=[own_offer.pk]),
        reverse("associations:sales_offer_new"),
    ]
    # An offer waiting for the person's answer shows the accept and decline forms.
    for who, direction in ((operator, OfferDirection.PURCHASE), (partner, OfferDirection.SALES)):
        to_answer = Offer.objects.for_user(who).filter(status=OfferStatus.SENT, direction=direction)
        if (offer := to_answer.exclude(pk=sent_offer.pk).order_by("pk").first()) is not None:
            pages[who.username].append(reverse("associations:offer_detail", args=[offer.pk]))
    pages["partner"] += [
        reverse("associations:catalogue"),
        reverse("associations:purchase_offer_new", args=[_first(catalogue_mines()).pk]),
        reverse("associations:offer_list"),
        reverse("associations:offer_detail", args=[sent_offer.pk]),
    ]
    sessions = [
        reverse("associations:session_list"),
        reverse("associations:session_detail", args=[session.pk]),
        reverse("associations:session_minutes", args=[session.pk]),
    ]
    pages["reviewer"] += [*sessions, reverse("associations:session_new")]
    pages["fund_officer"] += sessions
    pages["admin"].append(reverse("associations:session_list"))


__all__ = ["DEMO_PASSWORD", "PUBLIC", "main_pages"]
