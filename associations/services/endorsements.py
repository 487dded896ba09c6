"""Endorsements of members' applications and unit requests, and the policy that may require one."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from associations.choices import Verdict
from associations.models import Association, Endorsement, EndorsementPolicy
from associations.selectors import associations_of_mine
from associations.services.common import log_event, require_representative, tell
from equipment.choices import RequestStatus
from equipment.models import UnitRequest
from financing.choices import ApplicationStatus
from financing.models import LoanApplication
from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role
from revival_portal.exceptions import TransitionNotAllowed

ENDORSABLE_APPLICATION_STATES = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.INFO_REQUESTED}
)


def policy_in_force(on: dt.date | None = None) -> EndorsementPolicy | None:
    return EndorsementPolicy.objects.in_force(on or timezone.localdate()).first()


@transaction.atomic
def endorsement_record(
    *,
    actor,
    association: Association,
    verdict: str,
    note: str = "",
    application: LoanApplication | None = None,
    unit_request: UnitRequest | None = None,
) -> Endorsement:
    """A representative endorses or declines a member's application or unit request; a second answer
    replaces the first while the target is still open."""
    require_representative(actor, association)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose endorse or decline.")})
    if verdict == Verdict.DECLINED and not note.strip():
        raise ValidationError({"note": _("Please say why you decline.")})
    if (application is None) == (unit_request is None):
        raise ValueError("Endorse exactly one application or unit request.")
    if application is not None:
        # The application's row lock orders this against start_review and the decision.
        target = (
            LoanApplication.objects.select_for_update(of=("self",))
            .select_related("mine")
            .get(pk=application.pk)
        )
        still_open = target.status in ENDORSABLE_APPLICATION_STATES
        lookup = {"application": target}
    else:
        target = (
            UnitRequest.objects.select_for_update(of=("self",)).select_related("mine").get(pk=unit_request.pk)
        )
        still_open = target.status == RequestStatus.REQUESTED
        lookup = {"unit_request": target}
    if not associations_of_mine(target.mine).filter(pk=association.pk).exists():
        raise PermissionDenied(_("Only members' applications and requests can be endorsed."))
    if not still_open:
        raise TransitionNotAllowed(_("This is no longer open for an endorsement."))
    endorsement = Endorsement.objects.select_for_update().filter(association=association, **lookup).first()
    from_state = endorsement.verdict if endorsement else ""
    endorsement = endorsement or Endorsement(association=association, **lookup)
    endorsement.verdict, endorsement.note, endorsement.endorsed_by = verdict, note, actor
    endorsement.full_clean(validate_constraints=False)
    endorsement.save()
    log_event(
        endorsement, subject="endorsement", actor=actor, from_state=from_state, to_state=verdict, note=note
    )
    owner = target.mine.operator
    subject = format_lazy(
        _("{association}: {verdict} — {target}"),
        association=association,
        verdict=Verdict(verdict).label,
        target=target,
    )
    url = (
        target.get_absolute_url()
        if application is not None
        else reverse("equipment:request_detail", args=[target.pk])
    )
    tell(
        [owner, *User.objects.with_role(Role.REVIEWER)],
        kind="endorsement",
        subject=subject,
        body=note,
        url=url,
    )
    return endorsement


def endorsement_required_check(application: LoanApplication) -> None:
    """Review entry check: under a policy that requires it, a member's application needs an endorsement
    from one of its mine's associations; applications of non-members are not affected."""
    policy = policy_in_force()
    if policy is None or not policy.requires_endorsement:
        return
    associations = associations_of_mine(application.mine)
    if not associations.exists():
        return
    if Endorsement.objects.endorsed().filter(application=application, association__in=associations).exists():
        return
    raise TransitionNotAllowed(
        _(
            "The mine is a member of %(associations)s: under the endorsement policy “%(policy)s” its "
            "association must endorse the application before it enters review."
        )
        % {"associations": ", ".join(str(a) for a in associations), "policy": policy.legal_reference}
    )


@transaction.atomic
def endorsement_policy_create(
    *,
    actor,
    requires_endorsement: bool,
    effective_from: dt.date,
    legal_reference: str,
    effective_to: dt.date | None = None,
) -> EndorsementPolicy:
    """Record a version of the programme's endorsement setting; two versions never overlap."""
    if not actor.has_perm("associations.add_endorsementpolicy"):
        raise PermissionDenied(_("Only administrators can set the endorsement policy."))
    policy = EndorsementPolicy(
        requires_endorsement=requires_endorsement,
        effective_from=effective_from,
        effective_to=effective_to,
        legal_reference=legal_reference,
        created_by=actor,
    )
    policy.full_clean()
    policy.save()
    return policy
