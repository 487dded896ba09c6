"""One test per transition, and the refused ones: each leaves no trace but the refusal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from financing import services
from financing.choices import ApplicationStatus as S
from financing.choices import DecisionOutcome
from financing.models import ApplicationEvent, Decision, Review
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.models import Notification
from tests.factories import OperatorFactory
from tests.financing.factories import (
    GuaranteeFactory,
    LoanApplicationFactory,
    approved_application,
    recommend,
    recommended_application,
    submitted_application,
    under_review_application,
)
from tests.mines.factories import MineFactory, PendingMineFactory

pytestmark = pytest.mark.django_db


def snapshot(application):
    application.refresh_from_db()
    return (
        application.status,
        ApplicationEvent.objects.filter(application=application).count(),
        Review.objects.filter(application=application).count(),
        Decision.objects.filter(application=application).count(),
    )


def assert_refused(application, call, error=(PermissionDenied, TransitionNotAllowed, ValidationError)):
    before = snapshot(application)
    with pytest.raises(error):
        call()
    assert snapshot(application) == before


# --- drafts ---------------------------------------------------------------------------------------


def test_create_saves_a_draft_without_terms():
    mine = MineFactory()
    draft = services.loan_application_create(
        applicant=mine.operator, mine=mine, amount_requested=Decimal(10**9)
    )
    assert draft.status == S.DRAFT
    assert draft.term_months is None
    assert draft.missing_for_submission()


def test_create_refuses_someone_elses_mine():
    with pytest.raises(ValidationError) as error:
        services.loan_application_create(applicant=OperatorFactory(), mine=MineFactory(), amount_requested=1)
    assert "mine" in error.value.message_dict


@pytest.mark.parametrize("grace", [24, 30])
def test_draft_services_refuse_a_grace_period_not_shorter_than_the_term(draft, grace):
    with pytest.raises(ValidationError) as error:
        services.loan_application_update(
            application=draft, actor=draft.applicant, term_months=24, grace_months=grace
        )
    assert list(error.value.error_dict) == ["grace_months"]
    assert error.value.error_dict["grace_months"][0].code == "grace_not_shorter"


def test_update_only_by_the_applicant_and_only_while_editable(draft, stranger):
    assert_refused(
        draft, lambda: services.loan_application_update(application=draft, actor=stranger, purpose="x")
    )
    services.loan_application_update(application=draft, actor=draft.applicant, purpose="New loader")
    draft.refresh_from_db()
    assert draft.purpose == "New loader"
    GuaranteeFactory(application=draft)
    services.loan_application_submit(application=draft, actor=draft.applicant)
    with pytest.raises(TransitionNotAllowed):
        services.loan_application_update(application=draft, actor=draft.applicant, purpose="late change")


# --- submit ---------------------------------------------------------------------------------------


def test_submit_moves_to_submitted_logs_and_notifies_reviewers(
    draft, reviewer_a, django_capture_on_commit_callbacks
):
    GuaranteeFactory(application=draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.loan_application_submit(application=draft, actor=draft.applicant)
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert draft.submitted_at is not None
    event = draft.events.get()
    assert (event.actor, event.from_state, event.to_state) == (draft.applicant, S.DRAFT, S.SUBMITTED)
    assert Notification.objects.filter(recipient=reviewer_a, kind="financing.submitted").exists()
    assert [reviewer_a.email] in [m.to for m in mail.outbox]


def test_submit_refuses_an_unverified_mine():
    mine = PendingMineFactory()
    draft = LoanApplicationFactory(mine=mine)
    GuaranteeFactory(application=draft)
    assert_refused(
        draft,
        lambda: services.loan_application_submit(application=draft, actor=draft.applicant),
        ValidationError,
    )


def test_submit_refuses_an_expired_licence():
    mine = MineFactory(licence_expires_on=timezone.localdate() - dt.timedelta(days=1))
    draft = LoanApplicationFactory(mine=mine)
    GuaranteeFactory(application=draft)
    assert_refused(
        draft,
        lambda: services.loan_application_submit(application=draft, actor=draft.applicant),
        ValidationError,
    )


def test_submit_refuses_an_incomplete_draft_or_one_without_guarantee(draft):
    assert_refused(
        draft,
        lambda: services.loan_application_submit(application=draft, actor=draft.applicant),
        ValidationError,
    )
    GuaranteeFactory(application=draft)
    draft.term_months = None
    draft.save()
    assert_refused(
        draft,
        lambda: services.loan_application_submit(application=draft, actor=draft.applicant),
        ValidationError,
    )


def test_submit_refuses_another_operator_and_staff(draft, stranger, reviewer_a):
    GuaranteeFactory(application=draft)
    for actor in (stranger, reviewer_a):
        assert_refused(
            draft,
            lambda actor=actor: services.loan_application_submit(application=draft, actor=actor),
            PermissionDenied,
        )


def test_submit_twice_is_a_refused_transition():
    application = submitted_application()
    assert_refused(
        application,
        lambda: services.loan_application_submit(application=application, actor=application.applicant),
        TransitionNotAllowed,
    )


# --- withdraw -------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [LoanApplicationFactory, submitted_application, under_review_application])
def test_withdraw_from_open_states(make):
    application = make()
    services.loan_application_withdraw(
        application=application, actor=application.applicant, note="Found other finance"
    )
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert application.events.last().to_state == S.WITHDRAWN


def test_withdraw_refused_after_recommendation_and_for_others(stranger):
    application = recommended_application()
    assert_refused(
        application,
        lambda: services.loan_application_withdraw(application=application, actor=application.applicant),
        TransitionNotAllowed,
    )
    draft = LoanApplicationFactory()
    assert_refused(
        draft, lambda: services.loan_application_withdraw(application=draft, actor=stranger), PermissionDenied
    )


# --- review ---------------------------------------------------------------------------------------


def test_start_review(reviewer_a):
    application = submitted_application()
    services.loan_application_start_review(application=application, actor=reviewer_a)
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW


def test_start_review_refused_for_operator_fund_officer_and_wrong_state(fund_officer, reviewer_a):
    application = submitted_application()
    for actor in (application.applicant, fund_officer):
        assert_refused(
            application,
            lambda actor=actor: services.loan_application_start_review(application=application, actor=actor),
            PermissionDenied,
        )
    draft = LoanApplicationFactory()
    assert_refused(
        draft,
        lambda: services.loan_application_start_review(application=draft, actor=reviewer_a),
        TransitionNotAllowed,
    )


def test_request_info_and_resubmit_round_trip(reviewer_a):
    application = under_review_application(reviewer=reviewer_a)
    assert_refused(
        application,
        lambda: services.loan_application_request_info(application=application, actor=reviewer_a, note=" "),
        ValidationError,
    )
    services.loan_application_request_info(
        application=application, actor=reviewer_a, note="Send the bank statement."
    )
    application.refresh_from_db()
    assert application.status == S.INFO_REQUESTED
    assert Notification.objects.filter(
        recipient=application.applicant, kind="financing.info_requested"
    ).exists()
    # While information is requested the applicant may edit again.
    services.loan_application_update(application=application, actor=application.applicant, purpose="Updated")
    services.loan_application_resubmit(application=application, actor=application.applicant, note="Attached.")
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW
    assert Notification.objects.filter(recipient=reviewer_a, kind="financing.resubmitted").exists()


def test_resubmit_refused_when_no_information_was_requested():
    application = under_review_application()
    assert_refused(
        application,
        lambda: services.loan_application_resubmit(
            application=application, actor=application.applicant, note="x"
        ),
        TransitionNotAllowed,
    )


def test_recommend_records_scores_and_notifies_the_other_reviewers(reviewer_a, reviewer_b):
    application = under_review_application(reviewer=reviewer_a)
    review = recommend(application, reviewer_a)
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED
    assert review.total_score == 17
    assert Notification.objects.filter(recipient=reviewer_b, kind="financing.recommended").exists()
    assert not Notification.objects.filter(recipient=reviewer_a, kind="financing.recommended").exists()


def test_recommend_refuses_bad_scores(reviewer_a):
    application = under_review_application(reviewer=reviewer_a)
    assert_refused(
        application,
        lambda: services.loan_application_recommend(
            application=application,
            actor=reviewer_a,
            recommendation="approve",
            note="x",
            score_technical=9,
            score_financial=1,
            score_guarantees=1,
            score_impact=1,
        ),
        ValidationError,
    )


# --- decide and maker-checker ---------------------------------------------------------------------


def test_decide_by_a_second_reviewer_records_the_policy(reviewer_a, reviewer_b):
    from tests.financing.factories import RatePolicyFactory

    policy = RatePolicyFactory(cap=Decimal("17.60"))
    application = recommended_application(reviewer=reviewer_a, proposed_rate=Decimal("17.50"))
    decision = services.loan_application_decide(application=application, actor=reviewer_b, outcome="approved")
    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert decision.rate_policy == policy
    assert Notification.objects.filter(recipient=application.applicant, kind="financing.decided").exists()


def test_decide_reject(reviewer_a, reviewer_b):
    application = recommended_application(reviewer=reviewer_a)
    services.loan_application_decide(
        application=application, actor=reviewer_b, outcome="rejected", note="Weak"
    )
    application.refresh_from_db()
    assert application.status == S.REJECTED


def test_maker_checker_matrix(reviewer_a, reviewer_b, fund_officer):
    """The recommender, the operator and fund officers cannot decide; nothing but the refusal remains."""
    application = recommended_application(reviewer=reviewer_a)
    for actor in (reviewer_a, application.applicant, fund_officer, OperatorFactory()):
        assert_refused(
            application,
            lambda actor=actor: services.loan_application_decide(
                application=application, actor=actor, outcome=DecisionOutcome.APPROVED
            ),
            PermissionDenied,
        )
    assert application.status == S.RECOMMENDED


@pytest.mark.parametrize(
    "call",
    [
        lambda a, u: services.loan_application_start_review(application=a, actor=u),
        lambda a, u: services.loan_application_request_info(application=a, actor=u, note="x"),
        lambda a, u: recommend(a, u),
        lambda a, u: services.loan_application_decide(application=a, actor=u, outcome="approved"),
    ],
)
def test_operators_cannot_call_staff_actions(call):
    application = under_review_application()
    assert_refused(application, lambda: call(application, application.applicant), PermissionDenied)


def test_decide_refused_when_the_rate_breaks_a_lower_policy(reviewer_b):
    from tests.financing.factories import RatePolicyFactory

    application = recommended_application(proposed_rate=Decimal("17.00"))
    RatePolicyFactory(cap=Decimal("16.00"))
    assert_refused(
        application,
        lambda: services.loan_application_decide(
            application=application, actor=reviewer_b, outcome="approved"
        ),
        ValidationError,
    )


def test_decide_twice_is_refused(reviewer_b):
    application = approved_application()
    assert_refused(
        application,
        lambda: services.loan_application_decide(
            application=application, actor=reviewer_b, outcome="rejected"
        ),
        TransitionNotAllowed,
    )
