"""Joint review sessions: a committee meeting with an agenda of recommended applications and opinions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.choices import SessionStatus, Stance
from revival_portal.core.bounded import BoundedTextField
from revival_portal.core.links import row_url


class ReviewSessionQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReviewSessionQuerySet":
        """Staff see every session; anyone else only the sessions they are invited to."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_staff:
            return self.all()
        return self.filter(invitations__user=user).distinct()


class ReviewSession(models.Model):
    """A committee meeting opened by a reviewer to discuss recommended applications jointly."""

    title = models.CharField(_("title"), max_length=200)
    meets_on = models.DateField(_("meeting date"))
    status = models.CharField(
        _("status"), max_length=8, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ReviewSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-meets_on", "-pk"]
        indexes = [models.Index(fields=["meets_on", "id"], name="reviewsession_meets_idx")]
        verbose_name = _("review session")
        verbose_name_plural = _("review sessions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return row_url("associations:session_detail", self.pk)


class AgendaItem(models.Model):
    """One recommended application on a session's agenda."""

    session = models.ForeignKey(
        ReviewSession, on_delete=models.PROTECT, related_name="agenda", verbose_name=_("session")
    )
    application = models.ForeignKey(
        "financing.LoanApplication",
        on_delete=models.PROTECT,
        related_name="agenda_items",
        verbose_name=_("loan application"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["session", "application"], name="agenda_item_once_per_session")
        ]

    def __str__(self) -> str:
        return str(self.application)


class Invitation(models.Model):
    """A person invited to a session: a representative of an applicant's association or a fund officer."""

    session = models.ForeignKey(
        ReviewSession, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the association"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="invitation_once_per_session")
        ]

    def __str__(self) -> str:
        return str(self.user)


class OpinionQuerySet(models.QuerySet):
    def for_user(self, user) -> "OpinionQuerySet":
        return self.filter(item__session__in=ReviewSession.objects.for_user(user))


class Opinion(models.Model):
    """An invited person's opinion on one agenda item, recorded before the decision."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("agenda item")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    stance = models.CharField(_("opinion"), max_length=8, choices=Stance.choices)
    note = BoundedTextField(_("note"), blank=True, max_length=4000)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    history = HistoricalRecords()
    objects = OpinionQuerySet.as_manager()

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        constraints = [
            models.UniqueConstraint(fields=["item", "author"], name="opinion_once_per_person_and_item"),
            models.CheckConstraint(condition=Q(stance__in=Stance.values), name="opinion_stance_known"),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.get_stance_display()}"
