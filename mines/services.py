"""Business rules of the mine registry: every change to a mine or a report goes through one of these."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mines.choices import MineEventKind, RevivalStage, Verification
from mines.models import Mine, MineEvent, Mineral, ProductionReport
from revival_portal.accounts.permissions import is_reviewer, require_reviewer
from revival_portal.accounts.roles import Role
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.services import notify, notify_role

# What an operator states at registration and may correct while the registration is pending.
REGISTRATION_FIELDS = (
    "name",
    "province",
    "county",
    "latitude",
    "longitude",
    "primary_mineral",
    "licence_type",
    "licence_number",
    "licence_issued_on",
    "licence_expires_on",
    "jobs_before",
    "jobs_now",
    "annual_output_tonnes",
    "proven_reserve_tonnes",
)
# What changes as the mine operates; the operator keeps these current after verification.
OPERATING_FIGURE_FIELDS = ("jobs_now", "annual_output_tonnes", "proven_reserve_tonnes")
NOT_PENDING_MESSAGE = _("Only a pending registration can be edited; update the operating figures instead.")
REPORT_NEEDS_VERIFIED_MINE = _("Production reports are filed for verified mines.")


def require_owner_or_reviewer(*, actor, mine: Mine) -> None:
    """Fund officers see every mine but change none; operators change only their own."""
    if mine.operator_id != actor.pk and not is_reviewer(actor):
        raise PermissionDenied(_("Only the mine's operator may do this."))


def _event(*, mine: Mine, kind: str, actor, from_value: str = "", to_value: str = "", note: str = ""):
    return MineEvent.objects.create(
        mine=mine, kind=kind, actor=actor, from_value=from_value, to_value=to_value, note=note
    )


def _save(mine: Mine) -> None:
    """Validate and save; a licence number taken by a concurrent request is a field error, not a 500."""
    mine.normalize_text()
    mine.full_clean()
    try:
        with transaction.atomic():
            mine.save()
    except IntegrityError as error:
        if "licence_number" in str(error) or "mines_mine.licence_number" in str(error).lower():
            raise ValidationError(
                {"licence_number": Mine._meta.get_field("licence_number").error_messages["unique"]}
            ) from error
        raise


@transaction.atomic
def mine_register(
    *,
    actor,
    operator=None,
    other_minerals: Iterable[Mineral] = (),
    imported: bool = False,
    **fields,
) -> Mine:
    """Register a mine for verification: operators register their own; staff name the operator."""
    if not is_reviewer(actor):
        if not actor.has_role(Role.OPERATOR):
            raise PermissionDenied(_("Only mine operators may register mines."))
        operator = actor
    elif operator is None or not operator.has_role(Role.OPERATOR):
        raise ValidationError({"operator": _("Choose the mine's operator (a user with the operator role).")})
    unknown = set(fields) - set(REGISTRATION_FIELDS) - {"revival_stage"}
    if unknown:
        raise TypeError(f"mine_register() got unexpected fields: {sorted(unknown)}")
    mine = Mine(operator=operator, verification_status=Verification.PENDING, **fields)
    _save(mine)
    mine.other_minerals.set(other_minerals)
    kind = MineEventKind.IMPORTED if imported else MineEventKind.REGISTERED
    _event(mine=mine, kind=kind, actor=actor, to_value=Verification.PENDING)
    if not imported:  # an import tells reviewers once, not once per row
        notify_role(
            role=Role.REVIEWER,
            kind="mine.registered",
            subject=format_lazy(_("New mine registration: {name}"), name=mine.name),
            body=format_lazy(
                _("{operator} registered the mine {name}; it awaits verification."),
                operator=str(operator),
                name=mine.name,
            ),
            url=mine.get_absolute_url(),
        )
    return mine


@transaction.atomic
def mine_update(*, actor, mine: Mine, other_minerals: Iterable[Mineral] | None = None, **fields) -> Mine:
    """Correct a registration while it is pending (the operator, or a reviewer on their behalf)."""
    mine = Mine.objects.select_for_update().get(pk=mine.pk)
    require_owner_or_reviewer(actor=actor, mine=mine)
    if not mine.is_pending:
        raise TransitionNotAllowed(NOT_PENDING_MESSAGE)
    unknown = set(fields) - set(REGISTRATION_FIELDS)
    if unknown:
        raise TypeError(f"mine_update() got unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(mine, name, value)
    _save(mine)
    if other_minerals is not None:
        mine.other_minerals.set(other_minerals)
    _event(mine=mine, kind=MineEventKind.UPDATED, actor=actor)
    return mine


@transaction.atomic
def mine_figures_update(
    *,
    actor,
    mine: Mine,
    jobs_now: int,
    annual_output_tonnes: Decimal,
    proven_reserve_tonnes=None,
    note: str = "",
) -> Mine:
    """Keep a mine's operating figures (jobs, output, reserve) current at any stage."""
    mine = Mine.objects.select_for_update().get(pk=mine.pk)
    require_owner_or_reviewer(actor=actor, mine=mine)
    before = f"{mine.jobs_now} / {mine.annual_output_tonnes.normalize():f}"
    mine.jobs_now = jobs_now
    mine.annual_output_tonnes = annual_output_tonnes
    mine.proven_reserve_tonnes = proven_reserve_tonnes
    _save(mine)
    after = f"{mine.jobs_now} / {Decimal(mine.annual_output_tonnes).normalize():f}"
    _event(
        mine=mine,
        kind=MineEventKind.FIGURES_UPDATED,
        actor=actor,
        from_value=before[:32],
        to_value=after[:32],
        note=note,
    )
    return mine


def _decide(*, actor, mine: Mine, outcome: str, note: str, refused: str) -> Mine:
    """Record a reviewer's decision on a pending registration and its event row (verify and reject)."""
    mine = Mine.objects.select_for_update().get(pk=mine.pk)
    if not mine.is_pending:
        raise TransitionNotAllowed(refused)
    mine.verification_status = outcome
    mine.verification_reason = note
    mine.verified_by = actor
    mine.verified_at = timezone.now()
    _save(mine)
    _event(
        mine=mine,
        kind=MineEventKind(outcome),  # the decision's event has the outcome's name
        actor=actor,
        from_value=Verification.PENDING,
        to_value=outcome,
        note=note,
    )
    return mine


@transaction.atomic
def mine_verify(*, actor, mine: Mine, note: str = "") -> Mine:
    """A reviewer confirms a pending registration; the mine may then apply for loans and units."""
    require_reviewer(actor)
    mine = _decide(
        actor=actor,
        mine=mine,
        outcome=Verification.VERIFIED,
        note=note,
        refused=_("Only a pending registration can be verified."),
    )
    notify(
        recipients=mine.operator,
        kind="mine.verified",
        subject=format_lazy(_("Your mine {name} has been verified"), name=mine.name),
        body=_("It can now apply for loans and processing units."),
        url=mine.get_absolute_url(),
    )
    return mine


@transaction.atomic
def mine_reject(*, actor, mine: Mine, reason: str) -> Mine:
    """A reviewer refuses a pending registration, always with a reason the operator can act on."""
    require_reviewer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting the registration.")})
    mine = _decide(
        actor=actor,
        mine=mine,
        outcome=Verification.REJECTED,
        note=reason,
        refused=_("Only a pending registration can be rejected."),
    )
    notify(
        recipients=mine.operator,
        kind="mine.rejected",
        subject=format_lazy(_("Your mine registration {name} was rejected"), name=mine.name),
        body=reason,
        url=mine.get_absolute_url(),
    )
    return mine


@transaction.atomic
def mine_stage_change(*, actor, mine: Mine, stage: str, note: str = "") -> Mine:
    """A reviewer moves a verified mine along the revival pipeline, with a note for its history."""
    require_reviewer(actor)
    if stage not in RevivalStage.values:
        raise ValidationError({"stage": _("Choose a revival stage from the list.")})
    mine = Mine.objects.select_for_update().get(pk=mine.pk)
    if not mine.is_verified:
        raise TransitionNotAllowed(_("Only a verified mine moves along the revival pipeline."))
    if mine.revival_stage == stage:
        raise TransitionNotAllowed(_("The mine is already at this stage."))
    before = mine.revival_stage
    mine.revival_stage = stage
    _save(mine)
    _event(
        mine=mine, kind=MineEventKind.STAGE_CHANGED, actor=actor, from_value=before, to_value=stage, note=note
    )
    notify(
        recipients=mine.operator,
        kind="mine.stage_changed",
        subject=format_lazy(
            _("{name} moved to the stage “{stage}”"), name=mine.name, stage=RevivalStage(stage).label
        ),
        body=note,
        url=mine.get_absolute_url(),
    )
    return mine


@transaction.atomic
def production_report_file(
    *,
    actor,
    mine: Mine,
    period_year: int,
    period_month: int,
    jobs: int,
    tonnes_mined: Decimal,
    tonnes_sold: Decimal,
    revenue_rials: Decimal,
) -> ProductionReport:
    """The operator files what a verified mine produced in one Jalali month (one report per month)."""
    require_owner_or_reviewer(actor=actor, mine=mine)
    if not mine.is_verified:
        raise ValidationError({"mine": REPORT_NEEDS_VERIFIED_MINE})
    report = ProductionReport(
        mine=mine,
        period_year=period_year,
        period_month=period_month,
        jobs=jobs,
        tonnes_mined=tonnes_mined,
        tonnes_sold=tonnes_sold,
        revenue_rials=revenue_rials,
        filed_by=actor,
    )
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        # A concurrent filing of the same period won the race.
        raise ValidationError(
            {"period_month": _("A report for this mine and period has already been filed.")}
        ) from error
    _event(
        mine=mine, kind=MineEventKind.REPORT_FILED, actor=actor, to_value=f"{period_year}/{period_month:02d}"
    )
    return report
