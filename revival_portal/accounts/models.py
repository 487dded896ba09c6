"""The portal's user: a person signing in as an operator, staff member, partner or administrator."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.roles import STAFF_ROLES, Role
from revival_portal.core.identifiers import (
    validate_legal_entity_id,
    validate_mobile,
    validate_national_id,
)


class UserQuerySet(models.QuerySet):
    def with_role(self, role: str) -> "UserQuerySet":
        """Active users who belong to the group of ``role``."""
        return self.filter(is_active=True, groups__name=role).distinct()


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in; what they may do comes from their role group."""

    email = models.EmailField(_("e-mail address"), unique=True)
    national_id = models.CharField(
        _("national ID"), max_length=10, unique=True, null=True, blank=True, validators=[validate_national_id]
    )
    mobile = models.CharField(
        _("mobile"), max_length=11, unique=True, null=True, blank=True, validators=[validate_mobile]
    )
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    company_legal_id = models.CharField(
        _("company legal-entity ID"), max_length=11, blank=True, validators=[validate_legal_entity_id]
    )
    language = models.CharField(
        _("language"), max_length=5, default="fa", choices=[("fa", "فارسی"), ("en", "English")]
    )
    # Empty while a self-signed-up operator has not followed the e-mailed link yet (inactive until then).
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)
    # Raised (never set) whenever the person's groups or permissions change; cached access is keyed on it.
    access_version = models.PositiveIntegerField(_("access version"), default=0, editable=False)

    objects = UserManager()
    # A password hash is never searched or filtered in the admin (see revival_portal.core.admin_site).
    admin_sealed_fields = ("password",)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @classmethod
    def display_names(cls, pks) -> dict[int, str]:
        """``str(user)`` of each of ``pks`` (None and unknown keys left out): one instance per person, with
        only the columns a name reads, for a list that names the same people on many rows."""
        people = cls.objects.filter(pk__in={pk for pk in pks if pk is not None})
        return {person.pk: str(person) for person in people.only("first_name", "last_name", "username")}

    def save(self, *args, **kwargs):
        # Only accounts.access raises the access version, with an UPDATE; a copy of this user loaded before
        # that must not write its older number back (cached roles of the old number would come back).
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "access_version" and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The role groups this user belongs to (cached between requests, see ``accounts.access``)."""
        from revival_portal.accounts.access import user_access

        names = set(user_access(self)["groups"])
        if self.is_superuser:
            names.add(Role.ADMIN)
        return frozenset(names)

    def has_role(self, *roles: str) -> bool:
        """True when the user holds any of ``roles``."""
        return self.is_active and bool(self.role_names.intersection(roles))

    @property
    def is_operator(self) -> bool:
        return self.has_role(Role.OPERATOR)

    @property
    def is_programme_staff(self) -> bool:
        """Reviewers, fund officers and administrators: they may see all programme data."""
        return self.has_role(*STAFF_ROLES)

    @property
    def primary_role(self) -> str | None:
        """The role used for navigation: the most privileged one held."""
        for role in (
            Role.ADMIN,
            Role.REVIEWER,
            Role.FUND_OFFICER,
            Role.PARTNER,
            Role.ASSOCIATION_REPRESENTATIVE,
            Role.OPERATOR,
        ):
            if role in self.role_names:
                return role
        return None

    @property
    def primary_role_label(self) -> str:
        return Role(self.primary_role).label if self.primary_role else ""


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> "ApiTokenQuerySet":
        """Tokens that still authenticate: not revoked, not expired, owned by an active user."""
        from django.utils import timezone

        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)


class ApiToken(models.Model):
    """A personal API token for a machine client; it acts as its user, with the user's role and scope.

    Only a SHA-256 digest of the secret is stored: the secret is random (256 bits), so a slow password hash
    buys nothing, and one indexed lookup per request keeps machine clients fast.
    """

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    admin_sealed_fields = ("digest",)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        from django.utils import timezone

        return self.revoked_at is None and self.expires_at > timezone.now() and self.user.is_active


class QueueVisit(models.Model):
    """When a person last opened one of the work queues, so the queue can mark what arrived since."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="queue_visits", verbose_name=_("user")
    )
    queue = models.CharField(_("queue"), max_length=40)
    seen_at = models.DateTimeField(_("seen at"))

    class Meta:
        verbose_name = _("queue visit")
        verbose_name_plural = _("queue visits")
        constraints = [
            models.UniqueConstraint(fields=["user", "queue"], name="queue_visit_one_per_user_and_queue")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.queue} {self.seen_at:%Y-%m-%d %H:%M}"
