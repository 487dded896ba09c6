"""Joint review sessions: invitations, opinions before the decision, minutes; maker-checker still holds."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from associations import services
from associations.choices import Stance
from associations.models import Invitation, Opinion
from associations.services.sessions import session_reminders_send
from financing import services as financing_services
from financing.choices import ApplicationStatus, DecisionOutcome
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.models import Notification
from tests.factories import FundOfficerFactory, ReviewerFactory, signed_in
from tests.financing.factories import recommended_application, submitted_application
from tests.financing.test_api import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommender(db):
    return ReviewerFactory(username="recommender")


@pytest.fixture
def officer(db):
    return FundOfficerFactory(username="officer")


@pytest.fixture
def session(member_mine, recommender, officer):
    application = recommended_application(reviewer=recommender, mine=member_mine)
    return services.review_session_open(
        actor=recommender,
        title="Committee of Azar",
        meets_on=timezone.localdate(),
        applications=[application],
        fund_officer=officer,
    )


def test_opening_invites_the_applicants_association_representatives_and_the_fund_officer(
    session, rep, officer
):
    assert set(Invitation.objects.filter(session=session).values_list("user", flat=True)) == {
        rep.pk,
        officer.pk,
    }
    assert Notification.objects.filter(recipient=rep, kind="associations.session_invited").exists()
    assert Notification.objects.filter(recipient=officer, kind="associations.session_invited").exists()


def test_only_recommended_applications_can_be_on_the_agenda(member_mine, recommender, officer):
    application = submitted_application(mine=member_mine)
    with pytest.raises(ValidationError):
        services.review_session_open(
            actor=recommender,
            title="x",
            meets_on=timezone.localdate(),
            applications=[application],
            fund_officer=officer,
        )


def test_only_reviewers_open_sessions(member_mine, officer, rep):
    application = recommended_application(mine=member_mine)
    with pytest.raises(PermissionDenied):
        services.review_session_open(
            actor=rep,
            title="x",
            meets_on=timezone.localdate(),
            applications=[application],
            fund_officer=officer,
        )


def test_invited_people_record_opinions_and_may_change_them(session, rep, officer):
    item = session.agenda.get()
    services.opinion_record(item=item, actor=rep, stance=Stance.OBJECT, note="Arrears elsewhere")
    services.opinion_record(item=item, actor=rep, stance=Stance.SUPPORT, note="Cleared")
    services.opinion_record(item=item, actor=officer, stance=Stance.ABSTAIN)
    assert sorted(Opinion.objects.filter(item=item).values_list("stance", flat=True)) == [
        "abstain",
        "support",
    ]


def test_people_not_invited_cannot_give_an_opinion(session):
    with pytest.raises(PermissionDenied):
        services.opinion_record(item=session.agenda.get(), actor=ReviewerFactory(), stance=Stance.SUPPORT)


def test_opinions_are_refused_after_the_decision(session, rep):
    item = session.agenda.get()
    financing_services.loan_application_decide(
        application=item.application, actor=ReviewerFactory(), outcome=DecisionOutcome.APPROVED, note="ok"
    )
    with pytest.raises(TransitionNotAllowed):
        services.opinion_record(item=item, actor=rep, stance=Stance.SUPPORT)
    answer = api(rep).post(
        f"/api/v1/review-sessions/{session.pk}/opinions/",
        {"item": item.pk, "stance": "support"},
        format="json",
    )
    assert answer.status_code == 409
    assert not Opinion.objects.exists()


def test_the_recommender_cannot_decide_even_with_every_opinion_in_support(session, rep, officer, recommender):
    item = session.agenda.get()
    for person in (rep, officer):
        services.opinion_record(item=item, actor=person, stance=Stance.SUPPORT)
    with pytest.raises(PermissionDenied):
        financing_services.loan_application_decide(
            application=item.application, actor=recommender, outcome=DecisionOutcome.APPROVED
        )
    answer = api(recommender).post(
        f"/api/v1/loan-applications/{item.application.pk}/decide/", {"outcome": "approved"}, format="json"
    )
    assert answer.status_code == 403
    item.application.refresh_from_db()
    assert item.application.status == ApplicationStatus.RECOMMENDED


def test_the_decision_page_shows_the_opinions(session, rep):
    item = session.agenda.get()
    services.opinion_record(item=item, actor=rep, stance=Stance.SUPPORT, note="Strong member")
    page = signed_in(ReviewerFactory()).get(f"/financing/applications/{item.application.pk}/decide/")
    assert page.status_code == 200
    assert "Strong member" in page.content.decode()


def test_minutes_print_and_download(session, rep):
    item = session.agenda.get()
    services.opinion_record(item=item, actor=rep, stance=Stance.SUPPORT, note="Strong member")
    decider = ReviewerFactory(first_name="Decider", last_name="B")
    financing_services.loan_application_decide(
        application=item.application, actor=decider, outcome=DecisionOutcome.APPROVED, note="ok"
    )
    client = signed_in(rep)
    printed = client.get(f"/associations/sessions/{session.pk}/minutes/").content.decode()
    assert "Strong member" in printed and "Approved" in printed and "Decider B" in printed
    download = client.get(f"/associations/sessions/{session.pk}/minutes/", {"download": "csv"})
    assert download["Content-Disposition"].startswith("attachment")
    body = b"".join(download.streaming_content).decode()
    assert "Strong member" in body and "Approved" in body


def test_a_session_is_not_found_by_people_not_invited(session):
    from tests.associations.factories import representative

    stranger = representative()
    assert signed_in(stranger).get(f"/associations/sessions/{session.pk}/").status_code == 404
    assert api(stranger).get(f"/api/v1/review-sessions/{session.pk}/").status_code == 404


def test_closed_sessions_take_no_opinions(session, rep, recommender):
    services.review_session_close(session=session, actor=recommender)
    with pytest.raises(TransitionNotAllowed):
        services.opinion_record(item=session.agenda.get(), actor=rep, stance=Stance.SUPPORT)


def test_reminders_reach_invitees_without_an_opinion_once(session, rep, officer):
    services.opinion_record(item=session.agenda.get(), actor=officer, stance=Stance.SUPPORT)
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    assert session_reminders_send(yesterday) == 1
    assert session_reminders_send(yesterday) == 0
    assert Notification.objects.filter(recipient=rep, kind="associations.session_reminder").count() == 1


def test_a_reviewer_opens_a_session_through_the_api(member_mine, officer):
    application = recommended_application(mine=member_mine)
    answer = api(ReviewerFactory()).post(
        "/api/v1/review-sessions/",
        {
            "title": "API committee",
            "meets_on": str(timezone.localdate()),
            "applications": [application.pk],
            "fund_officer": officer.pk,
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert len(answer.json()["agenda"]) == 1


def test_a_representative_sees_only_their_members_items_of_a_shared_session(
    member_mine, rep, recommender, officer, outsider_mine
):
    ours = recommended_application(reviewer=recommender, mine=member_mine)
    theirs = recommended_application(reviewer=recommender, mine=outsider_mine)
    session = services.review_session_open(
        actor=recommender,
        title="Shared",
        meets_on=timezone.localdate(),
        applications=[ours, theirs],
        fund_officer=officer,
    )
    page = signed_in(rep).get(session.get_absolute_url()).content.decode()
    assert "Member mine" in page and "Outsider mine" not in page
    minutes = signed_in(rep).get(f"/associations/sessions/{session.pk}/minutes/", {"download": "csv"})
    body = b"".join(minutes.streaming_content).decode()
    assert "Member mine" in body and "Outsider mine" not in body
    agenda = api(rep).get(f"/api/v1/review-sessions/{session.pk}/").json()["agenda"]
    assert [item["application"] for item in agenda] == [ours.pk]
    assert len(api(officer).get(f"/api/v1/review-sessions/{session.pk}/").json()["agenda"]) == 2
    assert "Outsider mine" in signed_in(officer).get(session.get_absolute_url()).content.decode()
