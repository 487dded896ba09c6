"""Endorsements, and the policy that may require one before a member's application enters review."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from associations import services
from associations.choices import Verdict
from associations.models import Endorsement
from financing import services as financing_services
from financing.choices import ApplicationStatus
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.models import Notification
from tests.associations.factories import EndorsementPolicyFactory
from tests.factories import ReviewerFactory, signed_in
from tests.financing.factories import submitted_application
from tests.financing.test_api import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(db):
    return EndorsementPolicyFactory()


def test_a_representative_endorses_a_members_application_and_the_applicant_and_reviewers_hear(
    association, rep, member_mine
):
    application = submitted_application(mine=member_mine)
    reviewer = ReviewerFactory()
    endorsement = services.endorsement_record(
        actor=rep, association=association, application=application, verdict=Verdict.ENDORSED, note="Good."
    )
    assert endorsement.verdict == Verdict.ENDORSED
    assert Notification.objects.filter(
        recipient=application.applicant, kind="associations.endorsement"
    ).exists()
    assert Notification.objects.filter(recipient=reviewer, kind="associations.endorsement").exists()


def test_a_second_answer_replaces_the_first(association, rep, member_mine):
    application = submitted_application(mine=member_mine)
    services.endorsement_record(
        actor=rep,
        association=association,
        application=application,
        verdict=Verdict.DECLINED,
        note="Incomplete",
    )
    services.endorsement_record(
        actor=rep, association=association, application=application, verdict="endorsed"
    )
    assert Endorsement.objects.get(application=application).verdict == Verdict.ENDORSED


def test_declining_needs_a_note(association, rep, member_mine):
    application = submitted_application(mine=member_mine)
    with pytest.raises(ValidationError):
        services.endorsement_record(
            actor=rep, association=association, application=application, verdict=Verdict.DECLINED
        )


def test_a_non_members_application_cannot_be_endorsed(association, rep, outsider_mine):
    application = submitted_application(mine=outsider_mine)
    with pytest.raises(PermissionDenied):
        services.endorsement_record(
            actor=rep, association=association, application=application, verdict=Verdict.ENDORSED
        )


def test_a_decided_application_is_no_longer_open_for_endorsement(association, rep, member_mine):
    application = submitted_application(mine=member_mine)
    financing_services.loan_application_withdraw(
        application=application, actor=application.applicant, note="x"
    )
    with pytest.raises(TransitionNotAllowed):
        services.endorsement_record(
            actor=rep, association=association, application=application, verdict=Verdict.ENDORSED
        )


def test_a_unit_request_of_a_member_can_be_endorsed(association, rep, member_mine):
    from tests.equipment.factories import UnitRequestFactory

    unit_request = UnitRequestFactory(mine=member_mine)
    endorsement = services.endorsement_record(
        actor=rep, association=association, unit_request=unit_request, verdict=Verdict.ENDORSED
    )
    assert endorsement.unit_request == unit_request


# --- the policy ---------------------------------------------------------------------------------------


def test_policy_start_review_of_an_unendorsed_member_application_answers_409(policy, member_mine, settings):
    application = submitted_application(mine=member_mine)
    client = api(ReviewerFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = client.post(f"/api/v1/loan-applications/{application.pk}/start-review/")
    assert answer.status_code == 409
    assert "must endorse the application before it enters review" in answer.json()["detail"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_policy_a_declined_endorsement_does_not_open_the_review(policy, association, rep, member_mine):
    application = submitted_application(mine=member_mine)
    services.endorsement_record(
        actor=rep, association=association, application=application, verdict=Verdict.DECLINED, note="No."
    )
    answer = api(ReviewerFactory()).post(f"/api/v1/loan-applications/{application.pk}/start-review/")
    assert answer.status_code == 409


def test_policy_an_endorsed_member_application_enters_review(policy, association, rep, member_mine):
    application = submitted_application(mine=member_mine)
    services.endorsement_record(
        actor=rep, association=association, application=application, verdict="endorsed"
    )
    answer = api(ReviewerFactory()).post(f"/api/v1/loan-applications/{application.pk}/start-review/")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == ApplicationStatus.UNDER_REVIEW


def test_policy_does_not_affect_non_members(policy, outsider_mine):
    application = submitted_application(mine=outsider_mine)
    answer = api(ReviewerFactory()).post(f"/api/v1/loan-applications/{application.pk}/start-review/")
    assert answer.status_code == 200


def test_without_a_policy_in_force_members_enter_review_unendorsed(member_mine):
    EndorsementPolicyFactory(requires_endorsement=False)
    application = submitted_application(mine=member_mine)
    financing_services.loan_application_start_review(application=application, actor=ReviewerFactory())


def test_policy_the_page_shows_the_refusal_as_a_message(policy, member_mine):
    application = submitted_application(mine=member_mine)
    client = signed_in(ReviewerFactory())
    page = client.post(f"/financing/applications/{application.pk}/do/start_review/", follow=True)
    assert page.status_code == 200
    assert "must endorse the application before it enters review" in page.content.decode()


def test_reviewers_see_the_endorsement_or_its_absence_on_the_review_page_and_in_the_api(
    policy, association, rep, member_mine
):
    application = submitted_application(mine=member_mine)
    reviewer = ReviewerFactory()
    page = signed_in(reviewer).get(application.get_absolute_url()).content.decode()
    assert 'id="no-endorsement"' in page
    services.endorsement_record(
        actor=rep, association=association, application=application, verdict="endorsed", note="Active member"
    )
    page = signed_in(reviewer).get(application.get_absolute_url()).content.decode()
    assert "Active member" in page and "Endorsed" in page
    listed = api(reviewer).get("/api/v1/endorsements/", {"application": application.pk}).json()["results"]
    assert [(e["application"], e["verdict"]) for e in listed] == [(application.pk, "endorsed")]


def test_policy_versions_never_overlap(policy):
    from django.contrib.auth.models import Permission

    from tests.factories import AdminFactory

    admin = AdminFactory()
    admin.user_permissions.add(Permission.objects.get(codename="add_endorsementpolicy"))
    with pytest.raises(ValidationError):
        services.endorsement_policy_create(
            actor=admin, requires_endorsement=False, effective_from=policy.effective_from, legal_reference="x"
        )
