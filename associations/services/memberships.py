"""Memberships: an operator asks to join with mines, a representative accepts or declines, either ends it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from associations.choices import MembershipStatus
from associations.models import Association, Membership
from associations.selectors import representatives_of
from associations.services.common import log_event, require_representative, tell
from mines.models import Mine
from revival_portal.exceptions import TransitionNotAllowed


def _lock(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("association", "mine")
        .get(pk=membership.pk)
    )


@transaction.atomic
def membership_request(*, actor, association: Association, mines, note: str = "") -> list[Membership]:
    """An operator asks ``association`` to accept one or more of their own mines."""
    mines = list(mines)
    if not actor.is_operator:
        raise PermissionDenied(_("Only mine operators can ask to join an association."))
    if not mines:
        raise ValidationError({"mines": _("Choose at least one of your mines.")})
    own = set(Mine.objects.for_user(actor).filter(pk__in=[m.pk for m in mines]).values_list("pk", flat=True))
    if own != {m.pk for m in mines}:
        raise ValidationError({"mines": _("Choose only your own mines.")})
    created = []
    for mine in mines:
        membership = Membership(association=association, mine=mine, operator=actor, note=note)
        membership.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError:
            raise ValidationError(
                {
                    "mines": _("%(mine)s is already a member of this association or waiting for an answer.")
                    % {"mine": mine}
                }
            ) from None
        log_event(
            membership, subject="membership", actor=actor, to_state=MembershipStatus.REQUESTED, note=note
        )
        created.append(membership)
    tell(
        representatives_of([association]),
        kind="membership_requested",
        subject=format_lazy(
            _("{operator} asks to join {association}"), operator=actor, association=association
        ),
        body=", ".join(str(m) for m in mines),
        url=reverse("associations:membership_list"),
    )
    return created


def _answer(membership: Membership, *, actor, to_state: str, note: str = "", **fields) -> Membership:
    membership = _lock(membership)
    require_representative(actor, membership.association)
    if membership.status != MembershipStatus.REQUESTED:
        raise TransitionNotAllowed(
            _("This request was already answered (it is “%(status)s”).")
            % {"status": membership.get_status_display()}
        )
    from_state = membership.status
    membership.status = to_state
    membership.decided_by = actor
    for name, value in fields.items():
        setattr(membership, name, value)
    membership.save()
    log_event(
        membership, subject="membership", actor=actor, from_state=from_state, to_state=to_state, note=note
    )
    return membership


@transaction.atomic
def membership_accept(*, membership: Membership, actor, note: str = "") -> Membership:
    """requested -> active from today."""
    membership = _answer(
        membership, actor=actor, to_state=MembershipStatus.ACTIVE, note=note, starts_on=timezone.localdate()
    )
    tell(
        [membership.operator],
        kind="membership_accepted",
        subject=format_lazy(
            _("{mine} is now a member of {association}"),
            mine=membership.mine,
            association=membership.association,
        ),
        body=note,
        url=reverse("associations:membership_list"),
    )
    return membership


@transaction.atomic
def membership_decline(*, membership: Membership, actor, note: str) -> Membership:
    """requested -> declined, with the reason."""
    if not note.strip():
        raise ValidationError({"note": _("Please write a note.")})
    membership = _answer(membership, actor=actor, to_state=MembershipStatus.DECLINED, note=note)
    tell(
        [membership.operator],
        kind="membership_declined",
        subject=format_lazy(
            _("{association} declined {mine}"), mine=membership.mine, association=membership.association
        ),
        body=note,
        url=reverse("associations:membership_list"),
    )
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, actor, note: str = "") -> Membership:
    """active -> ended today; the operator or a representative may end it. Its dates stay for the reports."""
    membership = _lock(membership)
    if membership.operator_id != actor.pk:
        require_representative(actor, membership.association)
    if membership.status != MembershipStatus.ACTIVE:
        raise TransitionNotAllowed(_("Only a membership in force can be ended."))
    membership.status = MembershipStatus.ENDED
    membership.ends_on = max(timezone.localdate(), membership.starts_on)
    membership.save()
    log_event(
        membership,
        subject="membership",
        actor=actor,
        from_state=MembershipStatus.ACTIVE,
        to_state=MembershipStatus.ENDED,
        note=note,
    )
    other = membership.operator if actor.pk != membership.operator_id else None
    tell(
        [other] if other else representatives_of([membership.association]),
        kind="membership_ended",
        subject=format_lazy(
            _("The membership of {mine} in {association} ended"),
            mine=membership.mine,
            association=membership.association,
        ),
        body=note,
        url=reverse("associations:membership_list"),
    )
    return membership
