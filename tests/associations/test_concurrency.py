"""Races on PostgreSQL: two accepts of one offer make one guarantee; the other answers 409."""

import pytest

from associations.choices import OfferStatus
from associations.models import Offer
from financing.models import Guarantee
from tests.associations.factories import purchase_offer
from tests.financing.factories import LoanApplicationFactory
from tests.financing.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("round_number", range(3))
def test_two_racing_accepts_of_one_offer_make_one_guarantee(round_number):
    offer = purchase_offer()
    application = LoanApplicationFactory(mine=offer.mine)
    operator = offer.mine.operator
    url = f"/api/v1/offers/{offer.pk}/accept/"
    calls = [(operator, lambda c: c.post(url, {"application": application.pk}, format="json"))] * 2

    codes = race(calls, workers=2)

    assert sorted(codes) == [200, 409]
    assert Guarantee.objects.filter(application=application).count() == 1
    offer = Offer.objects.get(pk=offer.pk)
    assert offer.status == OfferStatus.ACCEPTED and offer.guarantee.application == application


def test_an_accept_racing_a_withdrawal_never_leaves_a_guarantee_on_a_withdrawn_offer():
    offer = purchase_offer()
    application = LoanApplicationFactory(mine=offer.mine)
    calls = [
        (
            offer.mine.operator,
            lambda c: c.post(
                f"/api/v1/offers/{offer.pk}/accept/", {"application": application.pk}, format="json"
            ),
        ),
        (offer.investor.user, lambda c: c.post(f"/api/v1/offers/{offer.pk}/withdraw/", {}, format="json")),
    ]

    codes = race(calls, workers=2)

    assert sorted(codes) == [200, 409]
    offer = Offer.objects.get(pk=offer.pk)
    assert (offer.status == OfferStatus.ACCEPTED) == Guarantee.objects.filter(
        application=application
    ).exists()
