"""Reviewer services: start review, request information, recommend, and decide (maker-checker)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from financing.choices import ApplicationStatus, DecisionOutcome, Recommendation
from financing.extensions import run_review_entry_checks
from financing.models import Decision, LoanApplication, Review
from financing.rates import policy_in_force
from financing.services.common import NOTE_REQUIRED, authorize, lock_application, move, notify_about
from financing.services.terms import decider_check, decision_terms_check
from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role
from revival_portal.exceptions import TransitionNotAllowed


@transaction.atomic
def loan_application_start_review(*, application: LoanApplication, actor) -> LoanApplication:
    """submitted -> under_review, once every registered review entry check agrees."""
    application = lock_application(application)
    authorize("start_review", application, actor)
    run_review_entry_checks(application)
    move(application, actor=actor, to_state=ApplicationStatus.UNDER_REVIEW)
    return application


@transaction.atomic
def loan_application_request_info(*, application: LoanApplication, actor, note: str) -> LoanApplication:
    """under_review -> info_requested: the note tells the applicant what is missing."""
    application = lock_application(application)
    authorize("request_info", application, actor)
    if not note.strip():
        raise ValidationError({"note": NOTE_REQUIRED})
    move(application, actor=actor, to_state=ApplicationStatus.INFO_REQUESTED, note=note)
    notify_about(
        application,
        recipients=[application.applicant],
        kind="info_requested",
        subject=_("Loan application {number}: more information is requested"),
        body=note,
    )
    return application


@transaction.atomic
def loan_application_recommend(
    *,
    application: LoanApplication,
    actor,
    recommendation: str,
    note: str,
    score_technical: int,
    score_financial: int,
    score_guarantees: int,
    score_impact: int,
) -> Review:
    """under_review -> recommended: reviewer A scores the application and recommends an outcome."""
    application = lock_application(application)
    authorize("recommend", application, actor)
    review = Review(
        application=application,
        reviewer=actor,
        recommendation=recommendation,
        note=note,
        score_technical=score_technical,
        score_financial=score_financial,
        score_guarantees=score_guarantees,
        score_impact=score_impact,
    )
    review.full_clean()
    review.save()
    move(
        application,
        actor=actor,
        to_state=ApplicationStatus.RECOMMENDED,
        note=f"{Recommendation(recommendation).label}: {note}",
    )
    notify_about(
        application,
        recipients=User.objects.with_role(Role.REVIEWER).exclude(pk=actor.pk),
        kind="recommended",
        subject=_("Loan application {number} was recommended and awaits a decision"),
        body=note,
    )
    return review


@transaction.atomic
def loan_application_decide(
    *,
    application: LoanApplication,
    actor,
    outcome: str,
    note: str = "",
    approved_amount: Decimal | None = None,
    rate: Decimal | None = None,
) -> Decision:
    """recommended -> approved | rejected, once, by a reviewer other than the recommender.

    An approval fixes the amount (at most the amount requested) and the rate (under the cap in force);
    left out, they are the amount requested and the proposed rate.
    """
    application = lock_application(application)
    authorize("decide", application, actor)
    decider_check(application, actor)
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": _("Choose approve or reject.")})
    today = timezone.localdate()
    policy = policy_in_force(today)
    if outcome == DecisionOutcome.APPROVED:
        approved_amount = application.amount_requested if approved_amount is None else approved_amount
        rate = application.proposed_rate if rate is None else rate
        decision_terms_check(application, approved_amount=approved_amount, rate=rate, on=today)
    else:
        approved_amount = rate = None
    decision = Decision(
        application=application,
        decided_by=actor,
        outcome=outcome,
        note=note,
        approved_amount=approved_amount,
        rate=rate,
        rate_policy=policy,
    )
    decision.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        # The unique application column is the second guard behind the row lock.
        raise TransitionNotAllowed(_("This application has already been decided.")) from None
    target = ApplicationStatus.APPROVED if outcome == DecisionOutcome.APPROVED else ApplicationStatus.REJECTED
    move(application, actor=actor, to_state=target, note=note)
    recipients = [application.applicant]
    if target == ApplicationStatus.APPROVED:
        recipients += list(User.objects.with_role(Role.FUND_OFFICER))
    notify_about(
        application,
        recipients=recipients,
        kind="decided",
        subject=(
            _("Loan application {number} was approved")
            if target == ApplicationStatus.APPROVED
            else _("Loan application {number} was rejected")
        ),
        body=note,
    )
    return decision
