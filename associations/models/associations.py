"""Associations and unions, their representatives, dated memberships of mines, and the endorsement policy."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.choices import AssociationKind, MembershipStatus
from revival_portal.accounts.roles import Role
from revival_portal.core.bounded import BoundedTextField


class AssociationQuerySet(models.QuerySet):
    def for_user(self, user) -> "AssociationQuerySet":
        """Associations are listed to every signed-in person, so operators can ask to join one."""
        return self.all() if user.is_authenticated else self.none()

    def represented_by(self, user) -> "AssociationQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(representatives__user=user, representatives__active=True).distinct()


class Association(models.Model):
    """A provincial mining association, a national union of a mineral, or a cooperative."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AssociationKind.choices)
    # Empty for a nationwide association or union.
    province = models.ForeignKey(
        "core.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
        help_text=_("Leave empty for a nationwide association."),
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=40,
        unique=True,
        error_messages={"unique": _("An association with this registration number is already registered.")},
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AssociationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_nationwide(self) -> bool:
        return self.province_id is None


class Representative(models.Model):
    """A person who acts for an association: accepts members, endorses, gives opinions in sessions."""

    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="representatives", verbose_name=_("association")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="association_seats",
        verbose_name=_("person"),
    )
    active = models.BooleanField(_("active"), default=True)
    since = models.DateField(_("since"), default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "user"], name="representative_once_per_association"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.association}"

    def clean(self) -> None:
        if self.user_id and not self.user.has_role(Role.ASSOCIATION_REPRESENTATIVE):
            raise ValidationError({"user": _("Give this person the association representative role first.")})


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user) -> "MembershipQuerySet":
        """Staff see all; a representative their associations' memberships; an operator their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_staff:
            return self.all()
        scope = Q(pk__in=[])
        if user.has_role(Role.ASSOCIATION_REPRESENTATIVE):
            scope |= Q(association__in=Association.objects.represented_by(user))
        if user.is_operator:
            scope |= Q(operator=user)
        return self.filter(scope)

    def live(self) -> "MembershipQuerySet":
        """Requests waiting for an answer and memberships in force."""
        return self.filter(status__in=[MembershipStatus.REQUESTED, MembershipStatus.ACTIVE])

    def active_on(self, on: dt.date) -> "MembershipQuerySet":
        """Memberships in force on ``on`` (an ended one counts for the days it lasted)."""
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
            status__in=[MembershipStatus.ACTIVE, MembershipStatus.ENDED],
            starts_on__lte=on,
        )


class Membership(models.Model):
    """One mine of an operator in one association, from the day it was accepted to the day it ended."""

    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("association")
    )
    mine = models.ForeignKey(
        "mines.Mine", on_delete=models.PROTECT, related_name="memberships", verbose_name=_("mine")
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("operator")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MembershipStatus.choices,
        default=MembershipStatus.REQUESTED,
        db_index=True,
    )
    note = BoundedTextField(_("note"), blank=True, max_length=2000)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    starts_on = models.DateField(_("member from"), null=True, blank=True)
    ends_on = models.DateField(_("member until"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["requested_at", "id"], name="membership_requested_idx")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "mine"],
                condition=Q(status__in=[MembershipStatus.REQUESTED, MembershipStatus.ACTIVE]),
                name="membership_one_live_per_mine",
            ),
            models.CheckConstraint(
                condition=~Q(status=MembershipStatus.ACTIVE) | Q(starts_on__isnull=False),
                name="membership_active_has_start",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mine} — {self.association}"


class EndorsementPolicyQuerySet(models.QuerySet):
    def in_force(self, on: dt.date) -> "EndorsementPolicyQuerySet":
        return self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on), effective_from__lte=on)


class EndorsementPolicy(models.Model):
    """A programme setting, in force between two dates: must a member's application be endorsed first?"""

    requires_endorsement = models.BooleanField(
        _("members' applications need their association's endorsement before review"), default=True
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = EndorsementPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("endorsement policy")
        verbose_name_plural = _("endorsement policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="endorsement_policy_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_reference

    def clean(self) -> None:
        """Two policies may not be in force on the same day."""
        if self.effective_from is None:
            return
        overlapping = EndorsementPolicy.objects.exclude(pk=self.pk).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from)
        )
        if self.effective_to:
            overlapping = overlapping.filter(effective_from__lte=self.effective_to)
        if overlapping.exists():
            raise ValidationError(
                {"effective_from": _("Another endorsement policy is in force during part of this period.")}
            )
