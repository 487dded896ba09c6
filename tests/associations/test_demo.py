"""The demo: two associations, memberships, endorsements, a session with opinions, offers in every state."""

import io

import pytest
from django.core.management import call_command

from associations.choices import MembershipStatus, OfferStatus, Verdict
from associations.models import Association, Endorsement, Membership, Offer, Opinion
from revival_portal.accounts.models import User
from tests.factories import signed_in

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_every_state_and_the_representatives_pages_open():
    call_command("seed_demo", stdout=io.StringIO())
    assert Association.objects.count() == 2
    assert set(Membership.objects.values_list("status", flat=True)) == {
        MembershipStatus.ACTIVE,
        MembershipStatus.REQUESTED,
        MembershipStatus.DECLINED,
    }
    assert set(Endorsement.objects.values_list("verdict", flat=True)) == set(Verdict.values)
    assert Opinion.objects.exists()
    assert set(Offer.objects.values_list("status", flat=True)) == set(OfferStatus.values)
    representative = User.objects.get(username="association")
    client = signed_in(representative, "fa")
    for url in ("/associations/members/", "/associations/memberships/", "/associations/sessions/"):
        assert client.get(url).status_code == 200, url
    assert (
        signed_in(User.objects.get(username="partner"), "fa").get("/associations/catalogue/").status_code
        == 200
    )
