"""Purchase and sales offers; an accepted one becomes a guarantee confirmed by the investor's account."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from associations.choices import OfferDirection, OfferStatus
from associations.models import Investor, Offer
from associations.selectors import catalogue_mines
from associations.services.common import log_event, tell
from financing import services as financing_services
from financing.choices import GuaranteeKind
from financing.models import LoanApplication
from financing.services.guarantees import OPEN_FOR_GUARANTEES
from revival_portal.exceptions import TransitionNotAllowed

OFFER_FIELDS = (
    "mineral",
    "tonnes_per_year",
    "price_basis",
    "price_rials_per_tonne",
    "price_formula",
    "starts_on",
    "ends_on",
    "note",
)


def _check_application(application: LoanApplication | None, offer: Offer) -> LoanApplication:
    if application is None:
        raise ValidationError({"application": _("Choose the loan application the guarantee backs.")})
    if application.mine_id != offer.mine_id or application.applicant_id != offer.mine.operator_id:
        raise ValidationError({"application": _("Choose an application of this mine.")})
    if application.status not in OPEN_FOR_GUARANTEES:
        raise ValidationError({"application": _("This application can no longer take a guarantee.")})
    return application


def _save(offer: Offer, fields: dict) -> Offer:
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"Not offer fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.full_clean()
    offer.save()
    log_event(offer, subject="offer", actor=offer.created_by, to_state=OfferStatus.SENT, note=offer.note)
    tell(
        [offer.answerer()],
        kind="offer_sent",
        subject=format_lazy(
            _("{direction} for {mine}"), direction=offer.get_direction_display(), mine=offer.mine
        ),
        body=offer.note,
        url=offer.get_absolute_url(),
    )
    return offer


@transaction.atomic
def offer_make_purchase(*, actor, mine, **fields) -> Offer:
    """An investor offers to buy the output of a verified mine from the catalogue."""
    investor = Investor.objects.filter(user=actor, active=True).first()
    if investor is None:
        raise PermissionDenied(_("Only registered investors can make purchase offers."))
    if not catalogue_mines().filter(pk=mine.pk).exists():
        raise ValidationError({"mine": _("Only verified mines take offers.")})
    offer = Offer(direction=OfferDirection.PURCHASE, investor=investor, mine=mine, created_by=actor)
    return _save(offer, fields)


@transaction.atomic
def offer_make_sales(*, actor, investor: Investor, application: LoanApplication, **fields) -> Offer:
    """An operator offers to sell the output of the mine of their application to a registered investor."""
    if not actor.is_operator or application.applicant_id != actor.pk:
        raise PermissionDenied(_("Only the applicant can offer the mine's output."))
    if not investor.active:
        raise ValidationError({"investor": _("Choose a registered investor.")})
    offer = Offer(
        direction=OfferDirection.SALES,
        investor=investor,
        mine=application.mine,
        application=application,
        created_by=actor,
    )
    _check_application(application, offer)
    return _save(offer, fields)


def _lock(offer: Offer) -> Offer:
    # Racing answers queue on this row; the second one then sees the first one's status.
    return (
        Offer.objects.select_for_update(of=("self",))
        .select_related("mine", "investor__user")
        .get(pk=offer.pk)
    )


def _check_open(offer: Offer) -> None:
    if offer.status == OfferStatus.ACCEPTED:
        raise TransitionNotAllowed(_("This offer was already accepted."))
    if offer.status != OfferStatus.SENT:
        raise TransitionNotAllowed(
            _("This offer is “%(status)s” and can no longer be answered.")
            % {"status": offer.get_status_display()}
        )


def _close(offer: Offer, *, actor, to_state: str, note: str = "") -> Offer:
    offer.status = to_state
    offer.answered_at = timezone.now()
    offer.save()
    log_event(offer, subject="offer", actor=actor, from_state=OfferStatus.SENT, to_state=to_state, note=note)
    other = offer.sender() if actor.pk == offer.answerer().pk else offer.answerer()
    tell(
        [other],
        kind=f"offer_{to_state}",
        subject=format_lazy(
            _("{offer} for {mine}: {status}"), offer=offer, mine=offer.mine, status=offer.get_status_display()
        ),
        body=note,
        url=offer.get_absolute_url(),
    )
    return offer


@transaction.atomic
def offer_accept(*, offer: Offer, actor, application: LoanApplication | None = None) -> Offer:
    """sent -> accepted by the other side: the guarantee is added to the operator's application, confirmed
    by the investor's account. Accepting twice or a withdrawn offer answers 409."""
    offer = _lock(offer)
    if actor.pk != offer.answerer().pk:
        raise PermissionDenied(_("Only the receiver of an offer can accept it."))
    _check_open(offer)
    if offer.direction == OfferDirection.PURCHASE:
        offer.application = _check_application(application, offer)
    else:
        _check_application(offer.application, offer)
    offer.guarantee = financing_services.guarantee_create_confirmed(
        application=offer.application,
        counterparty_account=offer.investor.user,
        kind=GuaranteeKind.PURCHASE if offer.direction == OfferDirection.PURCHASE else GuaranteeKind.SALES,
        counterparty_name=offer.investor.name,
        counterparty_id=offer.investor.legal_id,
        mineral=offer.mineral,
        tonnes_per_year=offer.tonnes_per_year,
        price_basis=offer.price_basis,
        price_rials_per_tonne=offer.price_rials_per_tonne,
        price_formula=offer.price_formula,
        starts_on=offer.starts_on,
        ends_on=offer.ends_on,
    )
    return _close(offer, actor=actor, to_state=OfferStatus.ACCEPTED)


@transaction.atomic
def offer_decline(*, offer: Offer, actor, note: str = "") -> Offer:
    """sent -> declined by the receiver."""
    offer = _lock(offer)
    if actor.pk != offer.answerer().pk:
        raise PermissionDenied(_("Only the receiver of an offer can decline it."))
    _check_open(offer)
    return _close(offer, actor=actor, to_state=OfferStatus.DECLINED, note=note)


@transaction.atomic
def offer_withdraw(*, offer: Offer, actor, note: str = "") -> Offer:
    """sent -> withdrawn by the sender."""
    offer = _lock(offer)
    if actor.pk != offer.sender().pk:
        raise PermissionDenied(_("Only the sender of an offer can withdraw it."))
    _check_open(offer)
    return _close(offer, actor=actor, to_state=OfferStatus.WITHDRAWN, note=note)
