"""The decision fixes the terms: the decider approves an amount and a rate, the contract follows them.

A contract may lower the decided amount but never raise it, and must use the decided rate. Different terms
need a new decision: a fund officer returns the approved application (``approved -> recommended``, with
a reason) and a reviewer other than the recommender decides again. Each rule is written once here; the
forms, the serializers and the services call it, and a database trigger (migration 0003) compares every
loan with its decision as the last line of defence.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from financing.choices import ApplicationStatus, DecisionOutcome
from financing.models import LoanApplication
from financing.rates import validate_rate
from financing.services.common import NOTE_REQUIRED, authorize, lock_application, move, notify_about
from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role
from revival_portal.core.money import validate_exact_money

RATE_NOT_DECIDED = _(
    "The contract must use the decided rate of %(rate)s %%; a different rate needs a new decision."
)
AMOUNT_ABOVE_DECISION = _(
    "The contract cannot exceed the decided amount of %(amount)s rials; a higher amount needs a new decision."
)


def decision_terms_check(application: LoanApplication, *, approved_amount, rate, on: dt.date) -> None:
    """Raise a ValidationError by field unless the decider may approve this amount and rate on ``on``:
    a positive amount of at most the amount requested, a rate under the cap in force."""
    errors = {}
    if approved_amount is None or approved_amount <= 0:
        errors["approved_amount"] = [_("The approved amount must be positive.")]
    elif approved_amount > application.amount_requested:
        errors["approved_amount"] = [
            _("The approved amount cannot exceed the amount requested (%(amount)s rials).")
            % {"amount": f"{application.amount_requested:,}"}
        ]
    else:
        try:
            validate_exact_money(approved_amount)
        except ValidationError as error:
            errors["approved_amount"] = error.messages
    try:
        validate_rate(rate, on, check_policy=True)
    except ValidationError as error:
        errors["rate"] = error.messages
    if errors:
        raise ValidationError(errors)


def decided_terms_errors(application: LoanApplication, *, approved_amount, rate) -> dict[str, list]:
    """What in these contract terms departs from the decision in force, by field (empty: nothing)."""
    decision = application.decision
    if decision is None or decision.outcome != DecisionOutcome.APPROVED:
        return {"__all__": [_("Only an application approved by a decision can be contracted.")]}
    errors = {}
    if approved_amount is not None and approved_amount > decision.approved_amount:
        errors["approved_amount"] = [AMOUNT_ABOVE_DECISION % {"amount": f"{decision.approved_amount:,}"}]
    if rate is not None and Decimal(rate) != decision.rate:
        errors["rate"] = [RATE_NOT_DECIDED % {"rate": decision.rate}]
    return errors


def decided_terms_check(application: LoanApplication, *, approved_amount, rate) -> None:
    """Raise ``decided_terms_errors`` as a ValidationError (the serializer's and the service's form)."""
    errors = decided_terms_errors(application, approved_amount=approved_amount, rate=rate)
    if errors:
        raise ValidationError(errors)


def contract_initial(application: LoanApplication) -> dict:
    """The contract form starts from the decision: its amount and its rate."""
    decision = application.decision
    if decision is None or decision.outcome != DecisionOutcome.APPROVED:
        return {"approved_amount": application.amount_requested, "rate": application.proposed_rate}
    return {"approved_amount": decision.approved_amount, "rate": decision.rate}


def returned_by(application: LoanApplication):
    """Who last returned ``application`` for a new decision (None if nobody did)."""
    event = (
        application.events.filter(
            from_state=ApplicationStatus.APPROVED, to_state=ApplicationStatus.RECOMMENDED
        )
        .order_by("at", "pk")
        .last()
    )
    return event.actor if event else None


def decider_check(application: LoanApplication, actor) -> None:
    """Maker-checker: neither the recommender nor whoever asked for new terms decides."""
    review = application.reviews.first()
    if review is None or review.reviewer_id == actor.pk:
        raise PermissionDenied(
            _("Maker-checker: the reviewer who recommended an application cannot decide it.")
        )
    asker = returned_by(application)
    if asker is not None and asker.pk == actor.pk:
        raise PermissionDenied(
            _("Maker-checker: whoever returned an application for new terms cannot decide it.")
        )


@transaction.atomic
def loan_application_return_for_decision(
    *, application: LoanApplication, actor, note: str
) -> LoanApplication:
    """approved -> recommended: a fund officer asks for a new decision (other terms), with the reason.

    The decision in force is marked superseded (it stays on record); reviewers are told.
    """
    application = lock_application(application)
    authorize("return_for_decision", application, actor)
    if not note.strip():
        raise ValidationError({"note": NOTE_REQUIRED})
    decision = application.decision
    if decision is not None:
        decision.superseded_at = timezone.now()
        decision.save(update_fields=["superseded_at"])
    move(application, actor=actor, to_state=ApplicationStatus.RECOMMENDED, note=note)
    notify_about(
        application,
        recipients=User.objects.with_role(Role.REVIEWER),
        kind="returned_for_decision",
        subject=_("Loan application {number} was returned for a new decision"),
        body=note,
    )
    return application
