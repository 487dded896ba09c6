"""The access matrix extended to associations and investors: foreign ids answer 404, never the object."""

import pytest

from associations import services
from associations.choices import Verdict
from tests.associations.factories import InvestorFactory, purchase_offer, representative
from tests.equipment.factories import UnitRequestFactory
from tests.factories import PartnerFactory, signed_in
from tests.financing.factories import submitted_application
from tests.financing.test_api import api
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(outsider_mine):
    """A non-member's mine with an application and a unit request."""
    return {
        "mine": outsider_mine,
        "application": submitted_application(mine=outsider_mine),
        "unit_request": UnitRequestFactory(mine=outsider_mine),
    }


def _pages(ids):
    return [
        f"/associations/members/{ids['mine'].pk}/",
        f"/associations/applications/{ids['application'].pk}/endorse/",
        f"/associations/unit-requests/{ids['unit_request'].pk}/endorse/",
        f"/mines/{ids['mine'].pk}/",
        f"/financing/applications/{ids['application'].pk}/",
    ]


def _api(ids):
    return [
        f"/api/v1/member-mines/{ids['mine'].pk}/",
        f"/api/v1/member-mines/{ids['mine'].pk}/figures/",
        f"/api/v1/member-applications/{ids['application'].pk}/",
        f"/api/v1/member-unit-requests/{ids['unit_request'].pk}/",
        f"/api/v1/mines/{ids['mine'].pk}/",
        f"/api/v1/loan-applications/{ids['application'].pk}/",
    ]


def test_a_representative_finds_none_of_a_non_members_pages_api_or_export(rep, member_mine, outsider):
    client, machine = signed_in(rep), api(rep)
    for url in _pages(outsider):
        assert client.get(url).status_code == 404, url
    assert client.post(_pages(outsider)[1], {"verdict": "endorsed"}).status_code == 404
    for url in _api(outsider):
        assert machine.get(url).status_code == 404, url
    endorse = {"association": rep.association_seats.get().association_id, "verdict": Verdict.ENDORSED}
    assert machine.post(_api(outsider)[2] + "endorse/", endorse, format="json").status_code == 404
    assert machine.post(_api(outsider)[3] + "endorse/", endorse, format="json").status_code == 404
    export = client.get("/exports/member-mines.csv")
    body = b"".join(export.streaming_content).decode()
    assert member_mine.name in body and "Outsider mine" not in body
    listed = machine.get("/api/v1/member-mines/").json()["results"]
    assert [m["id"] for m in listed] == [member_mine.pk]


def test_a_representative_sees_their_members(rep, member_mine):
    application = submitted_application(mine=member_mine)
    client, machine = signed_in(rep), api(rep)
    assert client.get(f"/associations/members/{member_mine.pk}/").status_code == 200
    assert client.get(f"/associations/applications/{application.pk}/endorse/").status_code == 200
    assert machine.get(f"/api/v1/member-applications/{application.pk}/").status_code == 200
    xlsx = client.get("/exports/member-mines.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    # Their applications stay in financing's scope: the representative reads them through the association.
    assert client.get(application.get_absolute_url()).status_code == 404


def test_a_representative_of_another_association_sees_nothing_of_these_members(member_mine):
    application = submitted_application(mine=member_mine)
    other = representative()
    ids = {
        "mine": member_mine,
        "application": application,
        "unit_request": UnitRequestFactory(mine=member_mine),
    }
    for url in _pages(ids):
        assert signed_in(other).get(url).status_code == 404, url
    for url in _api(ids):
        assert api(other).get(url).status_code == 404, url


def test_a_member_that_left_is_no_longer_visible(rep, member_mine):
    membership = member_mine.memberships.get()
    services.membership_end(membership=membership, actor=member_mine.operator)
    assert signed_in(rep).get(f"/associations/members/{member_mine.pk}/").status_code == 404


CATALOGUE_FIELDS = {
    "id",
    "name",
    "province",
    "primary_mineral",
    "other_minerals",
    "annual_output_tonnes",
    "proven_reserve_tonnes",
    "revival_stage",
}


def test_an_investor_sees_only_the_catalogues_public_fields():
    mine = MineFactory()
    investor = InvestorFactory()
    listed = api(investor.user).get("/api/v1/catalogue/").json()["results"]
    assert {row["id"] for row in listed} == {mine.pk}
    assert set(listed[0]) == CATALOGUE_FIELDS
    page = signed_in(investor.user).get("/associations/catalogue/").content.decode()
    assert mine.name in page
    assert mine.licence_number not in page and mine.operator.last_name not in page
    assert signed_in(investor.user).get(f"/mines/{mine.pk}/").status_code == 404
    assert api(investor.user).get(f"/api/v1/mines/{mine.pk}/").status_code == 404


def test_a_partner_who_is_not_an_investor_has_no_catalogue():
    MineFactory()
    partner = PartnerFactory()
    assert signed_in(partner).get("/associations/catalogue/").status_code == 404
    assert api(partner).get("/api/v1/catalogue/").json()["results"] == []


def test_an_investor_sees_only_their_own_offers():
    mine_offer, foreign_offer = purchase_offer(), purchase_offer()
    investor = mine_offer.investor
    listed = api(investor.user).get("/api/v1/offers/").json()["results"]
    assert [o["id"] for o in listed] == [mine_offer.pk]
    assert api(investor.user).get(f"/api/v1/offers/{foreign_offer.pk}/").status_code == 404
    assert signed_in(investor.user).get(f"/associations/offers/{foreign_offer.pk}/").status_code == 404
    assert signed_in(investor.user).get(f"/associations/offers/{mine_offer.pk}/").status_code == 200


def test_an_operator_sees_only_offers_made_to_or_by_them():
    to_them, elsewhere = purchase_offer(), purchase_offer()
    operator = to_them.mine.operator
    listed = api(operator).get("/api/v1/offers/").json()["results"]
    assert [o["id"] for o in listed] == [to_them.pk]
    for url in (f"/associations/offers/{elsewhere.pk}/",):
        assert signed_in(operator).get(url).status_code == 404
    assert api(operator).get(f"/api/v1/offers/{elsewhere.pk}/").status_code == 404
    assert api(operator).post(f"/api/v1/offers/{elsewhere.pk}/decline/", {}, format="json").status_code == 404


def test_an_operator_cannot_send_a_sales_offer_on_someone_elses_application():
    application = submitted_application()
    investor = InvestorFactory()
    stranger_mine = MineFactory()
    answer = api(stranger_mine.operator).post(
        "/api/v1/offers/",
        {
            "direction": "sales",
            "investor": investor.pk,
            "application": application.pk,
            "mineral": 1,
            "tonnes_per_year": "10",
            "price_basis": "formula",
            "price_formula": "LME - 5%",
            "starts_on": "2027-01-01",
            "ends_on": "2028-01-01",
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "application" in answer.json()
