"""The loan application workflow of PRODUCT §3 as a plain table: action -> (from states, to state, who).

Services look their move up here; pages and the API use ``allowed_actions`` to show only what is possible.
The later loan stages (disbursing, repaying, closed) follow the money, so ``financing.services.loans``
moves them from the loan's own status, not from this table.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from financing.choices import ApplicationStatus as S
from revival_portal.exceptions import TransitionNotAllowed


@dataclass(frozen=True)
class Transition:
    """One allowed move: from which states, to which state, and who may make it."""

    action: str
    sources: frozenset[str]
    target: str
    # "applicant" means the operator who filed the application; anything else is a permission codename.
    actor: str
    label: str


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", frozenset({S.DRAFT}), S.SUBMITTED, "applicant", _("Submit")),
        Transition(
            "withdraw",
            frozenset({S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.INFO_REQUESTED}),
            S.WITHDRAWN,
            "applicant",
            _("Withdraw"),
        ),
        Transition(
            "start_review",
            frozenset({S.SUBMITTED}),
            S.UNDER_REVIEW,
            "financing.review_loanapplication",
            _("Start review"),
        ),
        Transition(
            "request_info",
            frozenset({S.UNDER_REVIEW}),
            S.INFO_REQUESTED,
            "financing.review_loanapplication",
            _("Request information"),
        ),
        Transition("resubmit", frozenset({S.INFO_REQUESTED}), S.UNDER_REVIEW, "applicant", _("Resubmit")),
        Transition(
            "recommend",
            frozenset({S.UNDER_REVIEW}),
            S.RECOMMENDED,
            "financing.review_loanapplication",
            _("Recommend"),
        ),
        # The target of decide depends on the outcome (approved or rejected).
        Transition(
            "decide", frozenset({S.RECOMMENDED}), S.APPROVED, "financing.decide_loanapplication", _("Decide")
        ),
        Transition(
            "contract", frozenset({S.APPROVED}), S.CONTRACTED, "financing.contract_loan", _("Contract")
        ),
        # Other terms than the decided ones need a new decision (maker-checker again).
        Transition(
            "return_for_decision",
            frozenset({S.APPROVED}),
            S.RECOMMENDED,
            "financing.contract_loan",
            _("Return for a new decision"),
        ),
    )
}

# While an application is in one of these states its applicant may still change it.
EDITABLE_STATES = frozenset({S.DRAFT, S.INFO_REQUESTED})


def check_source(status: str, action: str) -> Transition:
    """Return the transition for ``action`` or raise ``TransitionNotAllowed`` from ``status``."""
    transition = TRANSITIONS[action]
    if status not in transition.sources:
        raise TransitionNotAllowed(
            _("“%(action)s” is not possible while the application is “%(status)s”.")
            % {"action": transition.label, "status": S(status).label}
        )
    return transition


def actor_may(transition: Transition, application, user) -> bool:
    """Whether ``user`` is the kind of person who may make ``transition`` on ``application``."""
    if not user.is_authenticated or not user.is_active:
        return False
    if transition.actor == "applicant":
        return application.applicant_id == user.pk and user.is_operator
    return user.has_perm(transition.actor)


def allowed_actions(application, user) -> list[Transition]:
    """The application transitions ``user`` could make now (maker-checker is checked by the service)."""
    return [
        t for t in TRANSITIONS.values() if application.status in t.sources and actor_may(t, application, user)
    ]
