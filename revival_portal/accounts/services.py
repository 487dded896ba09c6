"""Account services: operator sign-up, staff creation, language preference, e-mail through Celery."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.models import QueueVisit, User
from revival_portal.accounts.roles import Role


@transaction.atomic
def operator_sign_up(
    *,
    username: str,
    password: str,
    email: str,
    national_id: str,
    mobile: str,
    first_name: str = "",
    last_name: str = "",
    company_name: str = "",
    company_legal_id: str = "",
    language: str = "fa",
) -> User | None:
    """Create an inactive operator and e-mail the link that activates it; the values arrive validated.

    When the national id, mobile or e-mail belongs to an account already (also one that won a race between
    our look and our insert), nothing is created, the owner is told by e-mail, and None is returned: the
    caller answers the same either way, so sign-up never tells whether someone is registered.
    """
    from revival_portal.accounts import verification

    identifiers = {"national_id": national_id, "mobile": mobile, "email": email}
    owners = verification.accounts_holding(**identifiers)
    if not owners:
        try:
            user = user_create_with_role(
                username=username,
                email=email,
                password=password,
                role=Role.OPERATOR,
                national_id=national_id,
                mobile=mobile,
                first_name=first_name,
                last_name=last_name,
                company_name=company_name,
                company_legal_id=company_legal_id,
                language=language,
                is_active=False,
            )
        except ValidationError:
            owners = verification.accounts_holding(**identifiers)
            if not owners:
                raise
        else:
            verification.verification_email_send(user)
            return user
    # As long as a real sign-up takes (it hashes the password), so the time tells nothing either.
    make_password(password)
    for owner in owners:
        verification.existing_owner_notice_send(owner)
    return None


@transaction.atomic
def operator_email_verify(*, user: User) -> User:
    """Activate a self-signed-up operator whose e-mailed link was followed, and welcome them."""
    from revival_portal.notifications.services import notify

    user.is_active = True
    user.email_verified_at = timezone.now()
    user.save(update_fields=["is_active", "email_verified_at"])
    notify(
        recipients=user,
        kind="account.welcome",
        subject=_("Welcome to the Small-Mine Revival Portal"),
        body=_("Your operator account is ready. Register your mine to apply for loans and processing units."),
        url=reverse("dashboard"),
    )
    return user


@transaction.atomic
def user_create_with_role(*, username: str, email: str, password: str, role: str, **fields) -> User:
    """Create a user holding ``role``; only administrators use the admin site (staff and superusers).

    A racing request that takes the same national id, mobile or e-mail between the check and the insert
    gets the same ValidationError as one that comes second, never an IntegrityError.
    """
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
    user = User(username=username, email=email, **fields)
    if user.is_active:
        user.email_verified_at = timezone.now()  # staff and admin-made accounts are trusted as created
    # Reviewers and fund officers work in the portal's pages, where the services and seals apply.
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        # The savepoint rolled back; the unique checks now see the winner and name the field taken.
        user.validate_unique()
        user.validate_constraints()
        raise ValidationError(_("This account already exists.")) from error
    user.groups.add(_role_group(role))
    return user


def user_set_language(*, user: User, language: str) -> None:
    """Remember the user's language so that notifications and e-mails reach them in it."""
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def _role_group(role: str) -> Group:
    """The group of ``role``, created if a fresh database does not have it yet."""
    group, _created = Group.objects.get_or_create(name=role)
    return group


def queue_visit_record(*, user: User, queue: str):
    """Note that ``user`` opened ``queue`` now; return their previous visit (None the first time)."""
    now = timezone.now()
    visit, created = QueueVisit.objects.get_or_create(user=user, queue=queue, defaults={"seen_at": now})
    if created:
        return None
    previous = visit.seen_at
    QueueVisit.objects.filter(pk=visit.pk).update(seen_at=now)
    return previous
