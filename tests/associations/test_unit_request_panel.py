"""The association panel on equipment's unit request page: reviewers see a member's endorsement or its
absence, the operator sees their own request's, and a request from a mine outside every association is
shown as before."""

import pytest
from django.urls import reverse

from associations import services
from associations.choices import Verdict
from equipment.extensions import request_panels
from tests.equipment.factories import UnitRequestFactory
from tests.factories import ReviewerFactory, signed_in

pytestmark = pytest.mark.django_db


def request_page(user, unit_request) -> str:
    response = signed_in(user).get(reverse("equipment:request_detail", args=[unit_request.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_associations_register_their_panel_with_equipment():
    from associations.panels import unit_request_panel

    assert unit_request_panel in request_panels


def test_a_reviewer_sees_the_associations_endorsement_on_the_request_page(association, rep, member_mine):
    unit_request = UnitRequestFactory(mine=member_mine)
    services.endorsement_record(
        actor=rep,
        association=association,
        unit_request=unit_request,
        verdict=Verdict.ENDORSED,
        note="Active member, pays on time.",
    )
    page = request_page(ReviewerFactory(), unit_request)
    assert 'id="association-panel"' in page
    assert "Yazd lead and zinc association: Endorsed" in page
    assert "Active member, pays on time." in page
    assert 'id="no-endorsement"' not in page


def test_a_reviewer_sees_a_declined_request(association, rep, member_mine):
    unit_request = UnitRequestFactory(mine=member_mine)
    services.endorsement_record(
        actor=rep, association=association, unit_request=unit_request, verdict=Verdict.DECLINED, note="Dues."
    )
    page = request_page(ReviewerFactory(), unit_request)
    assert "Yazd lead and zinc association: Declined" in page and "Dues." in page


def test_a_reviewer_sees_that_a_member_request_is_not_endorsed_yet(member_mine):
    page = request_page(ReviewerFactory(), UnitRequestFactory(mine=member_mine))
    assert "The mine is a member of: Yazd lead and zinc association" in page
    assert "No association has endorsed this request yet." in page


def test_the_operator_sees_the_endorsement_of_their_own_request(association, rep, member_mine):
    unit_request = UnitRequestFactory(mine=member_mine)
    services.endorsement_record(
        actor=rep, association=association, unit_request=unit_request, verdict=Verdict.ENDORSED
    )
    page = request_page(member_mine.operator, unit_request)
    assert "Yazd lead and zinc association: Endorsed" in page
    assert 'id="cancel-request"' in page


def test_a_request_from_a_mine_outside_every_association_is_shown_as_before(outsider_mine):
    unit_request = UnitRequestFactory(mine=outsider_mine)
    for user in (ReviewerFactory(), outsider_mine.operator):
        page = request_page(user, unit_request)
        assert 'id="association-panel"' not in page
        assert 'id="request-title"' in page


def test_the_panel_reads_in_persian(association, rep, member_mine):
    unit_request = UnitRequestFactory(mine=member_mine)
    page = (
        signed_in(ReviewerFactory(), "fa")
        .get(reverse("equipment:request_detail", args=[unit_request.pk]))
        .content.decode()
    )
    assert "هنوز هیچ تشکلی این درخواست را تأیید نکرده است." in page
