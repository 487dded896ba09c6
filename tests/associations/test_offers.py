"""Purchase and sales offers; an accepted offer is a guarantee confirmed by the investor's account."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from associations import services
from associations.choices import OfferDirection, OfferStatus
from financing.choices import GuaranteeKind
from financing.models import Guarantee
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.models import Notification
from tests.associations.factories import InvestorFactory, offer_fields, purchase_offer
from tests.factories import PartnerFactory, ReviewerFactory, signed_in
from tests.financing.factories import GuaranteeFactory, LoanApplicationFactory, submitted_application
from tests.financing.test_api import api
from tests.mines.factories import MineFactory, PendingMineFactory

pytestmark = pytest.mark.django_db


def test_an_investor_offers_to_buy_and_the_operator_hears_of_it():
    offer = purchase_offer()
    assert offer.status == OfferStatus.SENT
    assert Notification.objects.filter(recipient=offer.mine.operator, kind="associations.offer_sent").exists()


def test_a_partner_who_is_not_a_registered_investor_cannot_offer():
    with pytest.raises(PermissionDenied):
        services.offer_make_purchase(actor=PartnerFactory(), mine=MineFactory(), **offer_fields())


def test_unverified_mines_take_no_offers():
    with pytest.raises(ValidationError):
        purchase_offer(mine=PendingMineFactory())


def test_accepting_a_purchase_offer_adds_a_confirmed_purchase_guarantee():
    offer = purchase_offer()
    application = LoanApplicationFactory(mine=offer.mine)
    offer = services.offer_accept(offer=offer, actor=offer.mine.operator, application=application)
    guarantee = offer.guarantee
    assert offer.status == OfferStatus.ACCEPTED
    assert guarantee.application == application
    assert guarantee.kind == GuaranteeKind.PURCHASE
    assert guarantee.counterparty_account == offer.investor.user
    assert guarantee.is_confirmed_by_counterparty
    assert guarantee.counterparty_name == offer.investor.name
    assert Notification.objects.filter(
        recipient=offer.investor.user, kind="associations.offer_accepted"
    ).exists()


def test_a_sales_offer_is_accepted_by_the_investor():
    application = LoanApplicationFactory()
    investor = InvestorFactory()
    offer = services.offer_make_sales(
        actor=application.applicant, investor=investor, application=application, **offer_fields()
    )
    assert offer.direction == OfferDirection.SALES
    with pytest.raises(PermissionDenied):
        services.offer_accept(offer=offer, actor=application.applicant)
    offer = services.offer_accept(offer=offer, actor=investor.user)
    assert offer.guarantee.kind == GuaranteeKind.SALES
    assert offer.guarantee.counterparty_account == investor.user


def test_accepting_twice_is_refused():
    offer = purchase_offer()
    application = LoanApplicationFactory(mine=offer.mine)
    services.offer_accept(offer=offer, actor=offer.mine.operator, application=application)
    with pytest.raises(TransitionNotAllowed, match="already accepted"):
        services.offer_accept(offer=offer, actor=offer.mine.operator, application=application)
    assert Guarantee.objects.count() == 1


def test_accepting_a_withdrawn_offer_is_refused_with_409():
    offer = purchase_offer()
    application = LoanApplicationFactory(mine=offer.mine)
    services.offer_withdraw(offer=offer, actor=offer.investor.user)
    answer = api(offer.mine.operator).post(
        f"/api/v1/offers/{offer.pk}/accept/", {"application": application.pk}, format="json"
    )
    assert answer.status_code == 409
    assert answer.json()["detail"]
    assert not Guarantee.objects.exists()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN


def test_only_the_sender_withdraws_and_only_the_receiver_declines():
    offer = purchase_offer()
    with pytest.raises(PermissionDenied):
        services.offer_withdraw(offer=offer, actor=offer.mine.operator)
    with pytest.raises(PermissionDenied):
        services.offer_decline(offer=offer, actor=offer.investor.user)
    services.offer_decline(offer=offer, actor=offer.mine.operator, note="Price too low")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED


def test_the_guarantee_goes_only_to_an_open_application_of_the_offers_mine():
    offer = purchase_offer()
    other = LoanApplicationFactory(
        applicant=offer.mine.operator, mine=MineFactory(operator=offer.mine.operator)
    )
    with pytest.raises(ValidationError):
        services.offer_accept(offer=offer, actor=offer.mine.operator, application=other)


def test_a_confirmed_guarantee_cannot_be_changed_by_the_applicant():
    from financing import services as financing_services

    offer = purchase_offer()
    application = LoanApplicationFactory(mine=offer.mine)
    guarantee = services.offer_accept(
        offer=offer, actor=offer.mine.operator, application=application
    ).guarantee
    with pytest.raises(TransitionNotAllowed):
        financing_services.guarantee_update(
            guarantee=guarantee, actor=application.applicant, counterparty_name="Someone else"
        )


def test_reviewers_see_confirmed_and_typed_guarantees_apart():
    offer = purchase_offer()
    application = submitted_application(mine=offer.mine)  # brings one typed guarantee
    services.offer_accept(offer=offer, actor=offer.mine.operator, application=application)
    reviewer = ReviewerFactory()
    page = signed_in(reviewer).get(application.get_absolute_url()).content.decode()
    assert page.count("guarantee-confirmed") == 1 and page.count("guarantee-typed") == 1
    listed = api(reviewer).get("/api/v1/guarantees/", {"application": application.pk}).json()["results"]
    assert sorted(g["confirmed_by_counterparty"] for g in listed) == [False, True]
    assert {g["counterparty_account"] for g in listed} == {None, offer.investor.user.pk}


def test_a_typed_guarantee_is_not_marked_confirmed():
    assert not GuaranteeFactory().is_confirmed_by_counterparty


def test_the_whole_purchase_offer_flow_through_the_api():
    investor = InvestorFactory()
    mine = MineFactory()
    application = LoanApplicationFactory(mine=mine)
    fields = offer_fields()
    body = {
        "direction": "purchase",
        "mine": mine.pk,
        "mineral": fields["mineral"].pk,
        "tonnes_per_year": "2500",
        "price_basis": "per_tonne",
        "price_rials_per_tonne": "41000000",
        "starts_on": str(fields["starts_on"]),
        "ends_on": str(fields["ends_on"]),
    }
    created = api(investor.user).post("/api/v1/offers/", body, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    accepted = api(mine.operator).post(
        f"/api/v1/offers/{pk}/accept/", {"application": application.pk}, format="json"
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted" and accepted.json()["guarantee"]
