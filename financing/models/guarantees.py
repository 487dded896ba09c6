"""Purchase and sales guarantees that back a loan application."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from financing.choices import GuaranteeKind, PriceBasis
from financing.models.base import UndeletableModel, UndeletableQuerySet
from revival_portal.accounts.scoping import OwnedQuerySet
from revival_portal.core.bounded import LONG_TEXT_MAX_LENGTH, BoundedTextField
from revival_portal.core.identifiers import (
    is_valid_legal_entity_id,
    is_valid_national_id,
    normalize_identifier,
)
from revival_portal.core.money import MoneyField


def validate_counterparty_id(value) -> None:
    """A person's national id (10 digits) or a company's legal-entity id (11 digits), check digit included."""
    code = normalize_identifier(value)
    if len(code) == 10 and is_valid_national_id(code):
        return
    if len(code) == 11 and is_valid_legal_entity_id(code):
        return
    raise ValidationError(
        _("Enter a valid national ID (10 digits) or legal-entity ID (11 digits)."), code="counterparty_id"
    )


class GuaranteeQuerySet(UndeletableQuerySet, OwnedQuerySet):
    """Guarantees of the applications ``user`` may see."""

    owner_field = "application__applicant"


class Guarantee(UndeletableModel):
    """An investor's undertaking to buy (purchase) or the operator's to sell (sales) the mine's output."""

    application = models.ForeignKey(
        "financing.LoanApplication",
        on_delete=models.PROTECT,
        related_name="guarantees",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=GuaranteeKind.choices)
    counterparty_name = models.CharField(_("counterparty"), max_length=200)
    counterparty_id = models.CharField(
        _("counterparty national or legal-entity ID"), max_length=11, validators=[validate_counterparty_id]
    )
    mineral = models.ForeignKey(
        "mines.Mineral", on_delete=models.PROTECT, related_name="+", verbose_name=_("mineral")
    )
    tonnes_per_year = models.DecimalField(
        _("tonnes per year"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    price_basis = models.CharField(_("price basis"), max_length=10, choices=PriceBasis.choices)
    price_rials_per_tonne = MoneyField(_("price (rials per tonne)"), null=True, blank=True)
    price_formula = BoundedTextField(_("price formula"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    signed_document = models.ForeignKey(
        "financing.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed document"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # Set only when the counterparty confirmed the guarantee from their own account (an accepted offer);
    # a guarantee the applicant typed in has neither.
    counterparty_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmed_guarantees",
        verbose_name=_("counterparty's account"),
    )
    confirmed_at = models.DateTimeField(_("confirmed by the counterparty at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = GuaranteeQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("guarantee")
        verbose_name_plural = _("guarantees")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="guarantee_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(price_basis=PriceBasis.PER_TONNE, price_rials_per_tonne__gt=0)
                | (Q(price_basis=PriceBasis.FORMULA) & ~Q(price_formula="")),
                name="guarantee_price_matches_basis",
            ),
            models.CheckConstraint(
                condition=Q(counterparty_account__isnull=True, confirmed_at__isnull=True)
                | Q(counterparty_account__isnull=False, confirmed_at__isnull=False),
                name="guarantee_confirmation_has_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.counterparty_name}"

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = _("The end date must be after the start date.")
        if self.price_basis == PriceBasis.PER_TONNE and not self.price_rials_per_tonne:
            errors["price_rials_per_tonne"] = _("Enter the price in rials per tonne.")
        if self.price_basis == PriceBasis.FORMULA and not self.price_formula.strip():
            errors["price_formula"] = _("Enter the price formula.")
        if self.signed_document_id and self.signed_document.application_id != self.application_id:
            errors["signed_document"] = _("Choose a document of this application.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_confirmed_by_counterparty(self) -> bool:
        return self.confirmed_at is not None
