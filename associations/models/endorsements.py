"""An association's endorsement (or refusal) of a member's loan application or unit request."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.choices import Verdict
from associations.models.associations import Association
from revival_portal.accounts.roles import Role
from revival_portal.core.bounded import BoundedTextField


class EndorsementQuerySet(models.QuerySet):
    def for_user(self, user) -> "EndorsementQuerySet":
        """Staff see all; a representative their associations'; an operator those on their own mines."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_staff:
            return self.all()
        scope = Q(pk__in=[])
        if user.has_role(Role.ASSOCIATION_REPRESENTATIVE):
            scope |= Q(association__in=Association.objects.represented_by(user))
        if user.is_operator:
            scope |= Q(application__applicant=user) | Q(unit_request__mine__operator=user)
        return self.filter(scope)

    def endorsed(self) -> "EndorsementQuerySet":
        return self.filter(verdict=Verdict.ENDORSED)


class Endorsement(models.Model):
    """A representative's verdict with a note on exactly one loan application or unit request."""

    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="endorsements", verbose_name=_("association")
    )
    application = models.ForeignKey(
        "financing.LoanApplication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="endorsements",
        verbose_name=_("loan application"),
    )
    unit_request = models.ForeignKey(
        "equipment.UnitRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="endorsements",
        verbose_name=_("unit request"),
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    note = BoundedTextField(_("note"), blank=True, max_length=4000)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    endorsed_at = models.DateTimeField(_("at"), auto_now=True)

    history = HistoricalRecords()
    objects = EndorsementQuerySet.as_manager()

    class Meta:
        ordering = ["-endorsed_at", "-pk"]
        indexes = [models.Index(fields=["endorsed_at", "id"], name="endorsement_endorsed_idx")]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, unit_request__isnull=True)
                | Q(application__isnull=True, unit_request__isnull=False),
                name="endorsement_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["association", "application"],
                condition=Q(application__isnull=False),
                name="endorsement_once_per_application",
            ),
            models.UniqueConstraint(
                fields=["association", "unit_request"],
                condition=Q(unit_request__isnull=False),
                name="endorsement_once_per_unit_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association}: {self.get_verdict_display()}"

    @property
    def target(self):
        return self.application or self.unit_request
