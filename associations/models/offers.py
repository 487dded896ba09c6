"""Registered investors and the purchase and sales offers between them and mine operators."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.choices import OfferDirection, OfferStatus
from financing.choices import PriceBasis
from financing.models.guarantees import validate_counterparty_id
from revival_portal.core.bounded import BoundedTextField
from revival_portal.core.links import row_url
from revival_portal.core.money import MoneyField


class InvestorQuerySet(models.QuerySet):
    def for_user(self, user) -> "InvestorQuerySet":
        """Registered investors are listed to signed-in people, so operators can send them sales offers."""
        return self.filter(active=True) if user.is_authenticated else self.none()


class Investor(models.Model):
    """A partner account registered by the programme as an investor that may buy mines' output."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="investor", verbose_name=_("account")
    )
    name = models.CharField(_("name"), max_length=200)
    legal_id = models.CharField(
        _("national or legal-entity ID"), max_length=11, validators=[validate_counterparty_id]
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = InvestorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("investor")
        verbose_name_plural = _("investors")

    def __str__(self) -> str:
        return self.name


class OfferQuerySet(models.QuerySet):
    def for_user(self, user) -> "OfferQuerySet":
        """Staff see all; an investor their offers; an operator the offers on their own mines."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_staff:
            return self.all()
        return self.filter(Q(investor__user=user) | Q(mine__operator=user))


class Offer(models.Model):
    """A purchase offer (investor -> operator) or a sales offer (operator -> investor) for a mine's output."""

    direction = models.CharField(_("direction"), max_length=10, choices=OfferDirection.choices)
    investor = models.ForeignKey(
        Investor, on_delete=models.PROTECT, related_name="offers", verbose_name=_("investor")
    )
    mine = models.ForeignKey(
        "mines.Mine", on_delete=models.PROTECT, related_name="offers", verbose_name=_("mine")
    )
    # The operator's application the guarantee goes to; a sales offer names it when sent, a purchase
    # offer when the operator accepts it.
    application = models.ForeignKey(
        "financing.LoanApplication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("loan application"),
    )
    mineral = models.ForeignKey(
        "mines.Mineral", on_delete=models.PROTECT, related_name="+", verbose_name=_("mineral")
    )
    tonnes_per_year = models.DecimalField(
        _("tonnes per year"), max_digits=14, decimal_places=2, validators=[MinValueValidator(1)]
    )
    price_basis = models.CharField(_("price basis"), max_length=10, choices=PriceBasis.choices)
    price_rials_per_tonne = MoneyField(_("price (rials per tonne)"), null=True, blank=True)
    price_formula = BoundedTextField(_("price formula"), blank=True, max_length=2000)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    note = BoundedTextField(_("note"), blank=True, max_length=4000)
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.SENT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    guarantee = models.OneToOneField(
        "financing.Guarantee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_offer",
        verbose_name=_("guarantee"),
    )

    history = HistoricalRecords()
    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at", "id"], name="offer_created_idx")]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="offer_ends_after_start"),
            models.CheckConstraint(
                condition=Q(price_basis=PriceBasis.PER_TONNE, price_rials_per_tonne__gt=0)
                | (Q(price_basis=PriceBasis.FORMULA) & ~Q(price_formula="")),
                name="offer_price_matches_basis",
            ),
            models.CheckConstraint(
                condition=Q(status=OfferStatus.ACCEPTED, guarantee__isnull=False)
                | (~Q(status=OfferStatus.ACCEPTED) & Q(guarantee__isnull=True)),
                name="offer_accepted_iff_guarantee",
            ),
        ]

    def __str__(self) -> str:
        return _("Offer %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return row_url("associations:offer_detail", self.pk)

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = _("The end date must be after the start date.")
        if self.price_basis == PriceBasis.PER_TONNE and not self.price_rials_per_tonne:
            errors["price_rials_per_tonne"] = _("Enter the price in rials per tonne.")
        if self.price_basis == PriceBasis.FORMULA and not self.price_formula.strip():
            errors["price_formula"] = _("Enter the price formula.")
        if errors:
            raise ValidationError(errors)

    def answerer(self):
        """Who accepts or declines: the operator for a purchase offer, the investor for a sales offer."""
        return self.mine.operator if self.direction == OfferDirection.PURCHASE else self.investor.user

    def sender(self):
        return self.investor.user if self.direction == OfferDirection.PURCHASE else self.mine.operator
