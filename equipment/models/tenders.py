"""Tenders for investors and manufacturing partners, their sealed bids and the award.

A bid's price is sealed until the tender closes: only the bidding partner sees their own amount before
``closes_at``. ``Bid.price_visible_to(user)`` is the single rule that every page, the API and the admin ask.
The price is kept out of the history tables altogether, so no history page can reveal it either.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from equipment.choices import TenderKind, TenderStatus
from revival_portal.accounts.roles import Role
from revival_portal.accounts.scoping import OwnedQuerySet
from revival_portal.core.bounded import LONG_TEXT_MAX_LENGTH, BoundedTextField
from revival_portal.core.money import MoneyField
from revival_portal.core.uploads import JPEG, OLE, PDF, PNG, ZIP, UploadContentValidator

BID_DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "zip"]
BID_DOCUMENT_TYPES = (PDF, JPEG, PNG, ZIP, OLE)


def validate_document_size(value) -> None:
    """Refuse uploads larger than settings.MAX_DOCUMENT_SIZE (kept for the first migration; the size is
    now checked with the content by ``UploadContentValidator``)."""
    if value and value.size > settings.MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("The file is too large; the limit is %(size)d MB."),
            params={"size": settings.MAX_DOCUMENT_SIZE // (1024 * 1024)},
            code="file_too_large",
        )


class TenderQuerySet(models.QuerySet):
    def for_user(self, user) -> "TenderQuerySet":
        """Staff see every tender; everyone else (also the public) only tenders that were published."""
        if user.is_authenticated and user.is_programme_staff:
            return self.all()
        return self.exclude(status=TenderStatus.DRAFT)

    def open(self) -> "TenderQuerySet":
        """Published tenders still taking bids."""
        return self.filter(status=TenderStatus.PUBLISHED, closes_at__gt=timezone.now())

    def due_to_close(self) -> "TenderQuerySet":
        """Published tenders whose closing time has passed: the close task's work."""
        return self.filter(status=TenderStatus.PUBLISHED, closes_at__lte=timezone.now())

    def awarded(self) -> "TenderQuerySet":
        return self.filter(status=TenderStatus.AWARDED)


class Tender(models.Model):
    """A call for bids to invest in or manufacture processing units, open until ``closes_at``."""

    title = models.CharField(_("title"), max_length=200)
    scope = BoundedTextField(_("scope"), max_length=LONG_TEXT_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=24, choices=TenderKind.choices)
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(
        _("status"), max_length=16, choices=TenderStatus.choices, default=TenderStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = TenderQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at", "-pk"]
        indexes = [models.Index(fields=["closes_at", "id"], name="tender_closes_idx")]
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")

    def __str__(self) -> str:
        return self.title

    @property
    def bidding_over(self) -> bool:
        """True once the closing time has passed (whether or not the close task has run yet)."""
        return self.status in (TenderStatus.CLOSED, TenderStatus.AWARDED) or self.closes_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """Published and still taking bids."""
        return self.status == TenderStatus.PUBLISHED and self.closes_at > timezone.now()


class BidQuerySet(OwnedQuerySet):
    """Staff see every bid (sealed amounts stay masked); a partner only their own; others none."""

    owner_field = "partner"
    owner_role = Role.PARTNER

    def with_shown_price(self, user) -> "BidQuerySet":
        """Annotate ``shown_price``: the price where ``user`` may see it, else NULL (``price_visible_q``)."""
        return self.annotate(
            shown_price=Case(
                When(Bid.price_visible_q(user), then=F("price_rials")),
                default=None,
                output_field=MoneyField(),
            )
        )


class Bid(models.Model):
    """A partner's sealed offer on a tender: one per partner, replaceable until the tender closes."""

    tender = models.ForeignKey(
        Tender, on_delete=models.PROTECT, related_name="bids", verbose_name=_("tender")
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bids", verbose_name=_("partner")
    )
    price_rials = MoneyField(_("price (rials)"))
    delivery_schedule = BoundedTextField(_("delivery schedule"), max_length=LONG_TEXT_MAX_LENGTH)
    document = models.FileField(
        _("document"),
        upload_to="equipment/bids/%Y/%m/",
        blank=True,
        validators=[
            FileExtensionValidator(BID_DOCUMENT_EXTENSIONS),
            UploadContentValidator(BID_DOCUMENT_TYPES),
        ],
    )
    score = models.PositiveSmallIntegerField(
        _("score (0-100)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The sealed price never reaches a history table (see the module docstring).
    history = HistoricalRecords(excluded_fields=["price_rials"])
    objects = BidQuerySet.as_manager()
    # Never listed, sorted, searched or filtered in the admin (see revival_portal.core.admin_site).
    admin_sealed_fields = ("price_rials", "document")

    class Meta:
        ordering = ["tender", "submitted_at", "pk"]
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        constraints = [
            models.UniqueConstraint(fields=["tender", "partner"], name="bid_one_per_partner_per_tender"),
            models.CheckConstraint(condition=Q(price_rials__gt=0), name="bid_price_positive"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="bid_score_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        # Never the price: this string appears in admin pages, logs and delete confirmations.
        return _("Bid by %(partner)s on %(tender)s") % {"partner": self.partner, "tender": self.tender}

    @staticmethod
    def price_visible_q(user) -> Q:
        """``price_visible_to`` as a condition on bid rows, for lists read in SQL (exports)."""
        closed = Q(tender__status__in=(TenderStatus.CLOSED, TenderStatus.AWARDED))
        visible = closed | Q(tender__closes_at__lte=timezone.now())
        if user is not None and user.is_authenticated:
            visible |= Q(partner_id=user.pk)
        return visible

    def price_visible_to(self, user) -> bool:
        """The bidder always sees their own price; anyone else only once the tender's closing time passed."""
        if user is not None and user.is_authenticated and user.pk == self.partner_id:
            return True
        return self.tender.bidding_over

    def document_visible_to(self, user) -> bool:
        """Documents may carry prices, so they are sealed exactly like the price."""
        return self.price_visible_to(user) and (
            user.pk == self.partner_id or (user.is_authenticated and user.is_programme_staff)
        )


class Award(models.Model):
    """The reviewer's choice of one bid for a closed tender, with the reasons."""

    tender = models.OneToOneField(
        Tender, on_delete=models.PROTECT, related_name="award", verbose_name=_("tender")
    )
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="award", verbose_name=_("bid"))
    justification = BoundedTextField(_("justification"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("awarded by")
    )
    awarded_at = models.DateTimeField(_("awarded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-awarded_at", "-pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return _("Award of %(tender)s") % {"tender": self.tender}
