"""The pages: each form feeds its service; refusals come back as messages or field errors."""

import pytest
from django.utils import timezone

from associations.choices import MembershipStatus, OfferStatus, Stance
from associations.models import Endorsement, Membership, Offer, Opinion, ReviewSession
from tests.associations.factories import InvestorFactory, offer_fields, purchase_offer
from tests.factories import FundOfficerFactory, ReviewerFactory, signed_in
from tests.financing.factories import LoanApplicationFactory, recommended_application, submitted_application
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db


def test_an_operator_joins_and_the_representative_accepts_on_the_pages(association, rep):
    mine = MineFactory()
    operator = signed_in(mine.operator)
    assert association.name in operator.get("/associations/").content.decode()
    answer = operator.post(f"/associations/{association.pk}/join/", {"mines": [mine.pk], "note": "Hello"})
    assert answer.status_code == 302
    membership = Membership.objects.get(mine=mine)
    page = signed_in(rep).get("/associations/memberships/").content.decode()
    assert mine.name in page
    signed_in(rep).post(f"/associations/memberships/{membership.pk}/accept/")
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_declining_without_a_reason_shows_the_refusal(association, rep):
    mine = MineFactory()
    operator = signed_in(mine.operator)
    operator.post(f"/associations/{association.pk}/join/", {"mines": [mine.pk]})
    membership = Membership.objects.get(mine=mine)
    page = signed_in(rep).post(
        f"/associations/memberships/{membership.pk}/decline/", {"note": ""}, follow=True
    )
    assert "Please write a note." in page.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED


def test_the_members_page_shows_figures_and_waiting_endorsements(rep, member_mine):
    application = submitted_application(mine=member_mine)
    page = signed_in(rep).get("/associations/members/").content.decode()
    assert member_mine.name in page
    assert f"/associations/applications/{application.pk}/endorse/" in page


def test_the_endorse_page_records_the_verdict(association, rep, member_mine):
    application = submitted_application(mine=member_mine)
    answer = signed_in(rep).post(
        f"/associations/applications/{application.pk}/endorse/",
        {"association": association.pk, "verdict": "endorsed", "note": "Good member"},
    )
    assert answer.status_code == 302
    assert Endorsement.objects.get(application=application).note == "Good member"


def test_a_reviewer_opens_a_session_and_an_invited_representative_gives_an_opinion(rep, member_mine):
    application = recommended_application(mine=member_mine)
    officer = FundOfficerFactory()
    reviewer = signed_in(ReviewerFactory())
    answer = reviewer.post(
        "/associations/sessions/new/",
        {
            "title": "Committee",
            "meets_on": str(timezone.localdate()),
            "applications": [application.pk],
            "fund_officer": officer.pk,
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    session = ReviewSession.objects.get()
    item = session.agenda.get()
    representative_client = signed_in(rep)
    page = representative_client.get(session.get_absolute_url()).content.decode()
    assert f"opinion-form-{item.pk}" in page
    representative_client.post(
        f"/associations/sessions/{session.pk}/items/{item.pk}/opinion/", {"stance": "support", "note": "Yes"}
    )
    assert Opinion.objects.get().stance == Stance.SUPPORT


def test_an_investor_offers_from_the_catalogue_and_the_operator_accepts_on_the_page():
    investor = InvestorFactory()
    mine = MineFactory()
    application = LoanApplicationFactory(mine=mine)
    fields = offer_fields()
    answer = signed_in(investor.user).post(
        f"/associations/catalogue/{mine.pk}/offer/",
        {
            "mineral": fields["mineral"].pk,
            "tonnes_per_year": "۲۵۰۰",
            "price_basis": "per_tonne",
            "price_rials_per_tonne": "41,000,000",
            "starts_on": str(fields["starts_on"]),
            "ends_on": str(fields["ends_on"]),
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    offer = Offer.objects.get()
    assert offer.tonnes_per_year == 2500
    operator = signed_in(mine.operator)
    assert 'id="accept-form"' in operator.get(offer.get_absolute_url()).content.decode()
    operator.post(offer.get_absolute_url(), {"application": application.pk})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    page = operator.get(application.get_absolute_url()).content.decode()
    assert "Confirmed by the counterparty" in page


def test_an_offer_with_an_end_before_its_start_comes_back_filled_in():
    investor = InvestorFactory()
    mine = MineFactory()
    fields = offer_fields()
    page = signed_in(investor.user).post(
        f"/associations/catalogue/{mine.pk}/offer/",
        {
            "mineral": fields["mineral"].pk,
            "tonnes_per_year": "2500",
            "price_basis": "per_tonne",
            "price_rials_per_tonne": "41000000",
            "starts_on": str(fields["ends_on"]),
            "ends_on": str(fields["starts_on"]),
        },
    )
    assert page.status_code == 200
    assert "The end date must be after the start date." in page.content.decode()
    assert not Offer.objects.exists()


def test_an_operator_sends_a_sales_offer_and_withdraws_it():
    application = LoanApplicationFactory()
    investor = InvestorFactory()
    fields = offer_fields()
    operator = signed_in(application.applicant)
    answer = operator.post(
        "/associations/offers/new/",
        {
            "investor": investor.pk,
            "application": application.pk,
            "mineral": fields["mineral"].pk,
            "tonnes_per_year": "100",
            "price_basis": "formula",
            "price_formula": "LME minus 8 %",
            "starts_on": str(fields["starts_on"]),
            "ends_on": str(fields["ends_on"]),
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    offer = Offer.objects.get()
    operator.post(f"/associations/offers/{offer.pk}/do/withdraw/")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    page = signed_in(investor.user).post(f"/associations/offers/{offer.pk}/do/accept/", follow=True)
    assert "can no longer be answered" in page.content.decode()


def test_the_offer_list_shows_only_the_persons_offers():
    mine_offer, other = purchase_offer(), purchase_offer()
    page = signed_in(mine_offer.mine.operator).get("/associations/offers/").content.decode()
    assert f"/associations/offers/{mine_offer.pk}/" in page
    assert f"/associations/offers/{other.pk}/" not in page
