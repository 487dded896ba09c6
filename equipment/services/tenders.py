"""Tenders: draft, publish, sealed bids until closing, close, score and award."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from equipment.choices import EventKind, TenderStatus
from equipment.models import Award, Bid, Tender
from equipment.services.common import event_record, lazy_date
from revival_portal.accounts.permissions import require_reviewer
from revival_portal.accounts.roles import Role
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.services import notify, notify_role

TENDER_EDITABLE_FIELDS = ("title", "scope", "kind", "closes_at")


def _tender_url(tender: Tender) -> str:
    return reverse("equipment:tender_detail", args=[tender.pk])


def _bidders(tender: Tender):
    return [bid.partner for bid in tender.bids.select_related("partner")]


@transaction.atomic
def tender_create(*, actor, title: str, scope: str, kind: str, closes_at: dt.datetime) -> Tender:
    """A reviewer drafts a tender; nobody outside the programme sees it until it is published."""
    require_reviewer(actor, _("Only programme reviewers may run tenders."))
    tender = Tender(title=title, scope=scope, kind=kind, closes_at=closes_at, created_by=actor)
    tender.full_clean()
    tender.save()
    event_record(kind=EventKind.TENDER_CREATED, actor=actor, tender=tender)
    return tender


@transaction.atomic
def tender_update(*, actor, tender: Tender, **fields) -> Tender:
    """Change a draft tender's title, scope, kind or closing time."""
    require_reviewer(actor, _("Only programme reviewers may run tenders."))
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.status != TenderStatus.DRAFT:
        raise TransitionNotAllowed(_("Only a draft tender can be edited."))
    for name, value in fields.items():
        if name not in TENDER_EDITABLE_FIELDS:
            raise TypeError(f"tender_update() cannot change {name!r}")
        setattr(tender, name, value)
    tender.full_clean()
    tender.save()
    return tender


@transaction.atomic
def tender_publish(*, actor, tender: Tender) -> Tender:
    """Open a draft tender for bids; every partner is told."""
    require_reviewer(actor, _("Only programme reviewers may run tenders."))
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.status != TenderStatus.DRAFT:
        raise TransitionNotAllowed(_("Only a draft tender can be published."))
    if tender.closes_at <= timezone.now():
        raise TransitionNotAllowed(_("The closing time has passed; set a closing time in the future first."))
    tender.status = TenderStatus.PUBLISHED
    tender.published_at = timezone.now()
    tender.full_clean()
    tender.save()
    event_record(kind=EventKind.TENDER_PUBLISHED, actor=actor, tender=tender)
    notify_role(
        role=Role.PARTNER,
        kind="equipment.tender_published",
        subject=format_lazy(_("New tender: {title}"), title=tender.title),
        body=format_lazy(_("Bids are accepted until {closes}."), closes=lazy_date(tender.closes_at)),
        url=_tender_url(tender),
    )
    return tender


@transaction.atomic
def tender_close(*, tender: Tender, actor=None) -> Tender:
    """Close a published tender whose closing time has passed; bidders and reviewers are told.

    Idempotent: the close task may run any number of times; a tender already closed is left alone.
    """
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.status != TenderStatus.PUBLISHED:
        raise TransitionNotAllowed(_("Only a published tender can be closed."))
    if tender.closes_at > timezone.now():
        raise TransitionNotAllowed(_("The tender is still taking bids until its closing time."))
    tender.status = TenderStatus.CLOSED
    tender.closed_at = timezone.now()
    tender.full_clean()
    tender.save()
    event_record(kind=EventKind.TENDER_CLOSED, actor=actor, tender=tender)
    subject = format_lazy(_("Tender closed: {title}"), title=tender.title)
    notify(
        recipients=_bidders(tender), kind="equipment.tender_closed", subject=subject, url=_tender_url(tender)
    )
    notify_role(
        role=Role.REVIEWER,
        kind="equipment.tender_closed",
        subject=subject,
        body=format_lazy(_("{count} bids are ready to score."), count=tender.bids.count()),
        url=_tender_url(tender),
    )
    return tender


def tenders_close_due() -> int:
    """Close every published tender past its closing time; returns how many were closed."""
    closed = 0
    for tender in Tender.objects.due_to_close():
        try:
            tender_close(tender=tender)
        except TransitionNotAllowed:
            continue  # closed meanwhile by another run
        closed += 1
    return closed


def _close_if_due(tender: Tender) -> Tender:
    """Bring a tender past its closing time to 'closed' before scoring or awarding it."""
    if tender.status == TenderStatus.PUBLISHED and tender.closes_at <= timezone.now():
        return tender_close(tender=tender)
    return tender


@transaction.atomic
def bid_submit(
    *, actor, tender: Tender, price_rials: Decimal, delivery_schedule: str, document=None
) -> tuple[Bid, bool]:
    """A partner submits their one bid, or replaces it, while the tender is open; returns (bid, created)."""
    if not actor.has_role(Role.PARTNER):
        raise PermissionDenied(_("Only partners may bid on tenders."))
    # The tender row lock orders bids against each other and against closing.
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if not tender.is_open:
        raise TransitionNotAllowed(_("This tender is not taking bids; bidding closed or never opened."))
    bid = Bid.objects.select_for_update().filter(tender=tender, partner=actor).first()
    created = bid is None
    if created:
        bid = Bid(tender=tender, partner=actor)
    bid.price_rials = price_rials
    bid.delivery_schedule = delivery_schedule
    if document:
        bid.document = document
    bid.full_clean()
    bid.save()
    event_record(
        kind=EventKind.BID_SUBMITTED if created else EventKind.BID_REPLACED,
        actor=actor,
        tender=tender,
        note=str(actor),
    )
    return bid, created


@transaction.atomic
def bid_score(*, actor, bid: Bid, score: int) -> Bid:
    """A reviewer scores a bid (0-100) once the tender has closed."""
    require_reviewer(actor, _("Only programme reviewers may score bids."))
    tender = _close_if_due(Tender.objects.select_for_update().get(pk=bid.tender_id))
    if tender.status != TenderStatus.CLOSED:
        raise TransitionNotAllowed(_("Bids can be scored only after the tender closes and before the award."))
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    bid.score = score
    bid.full_clean()
    bid.save(update_fields=["score", "updated_at"])
    event_record(kind=EventKind.BID_SCORED, actor=actor, tender=tender, note=f"{bid.partner}: {score}")
    return bid


@transaction.atomic
def tender_award(*, actor, tender: Tender, bid: Bid, justification: str) -> Award:
    """A reviewer awards a closed tender to one of its bids, with reasons; every bidder is told."""
    require_reviewer(actor, _("Only programme reviewers may award tenders."))
    tender = _close_if_due(Tender.objects.select_for_update().get(pk=tender.pk))
    if tender.status != TenderStatus.CLOSED:
        raise TransitionNotAllowed(
            _("Only a closed tender can be awarded; this one is %(status)s.")
            % {"status": tender.get_status_display()}
        )
    if bid.tender_id != tender.pk:
        raise ValidationError({"bid": _("This bid belongs to another tender.")})
    if not (justification or "").strip():
        raise ValidationError({"justification": _("Explain why this bid wins.")})
    award = Award(tender=tender, bid=bid, justification=justification.strip(), awarded_by=actor)
    award.full_clean()
    award.save()
    tender.status = TenderStatus.AWARDED
    tender.save(update_fields=["status"])
    event_record(kind=EventKind.TENDER_AWARDED, actor=actor, tender=tender, note=str(bid.partner))
    winner = bid.partner
    notify(
        recipients=[winner],
        kind="equipment.tender_awarded",
        subject=format_lazy(_("Your bid won the tender {title}"), title=tender.title),
        body=justification,
        url=_tender_url(tender),
    )
    notify(
        recipients=[p for p in _bidders(tender) if p.pk != winner.pk],
        kind="equipment.tender_awarded",
        subject=format_lazy(_("Tender {title} was awarded to another bid"), title=tender.title),
        url=_tender_url(tender),
    )
    return award
