"""Joint review sessions: a reviewer sets the agenda and invites; invited people give opinions before the
decision. The decision itself stays financing's maker-checker service."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from associations.choices import SessionStatus, Stance
from associations.models import AgendaItem, Invitation, Opinion, ReviewSession
from associations.selectors import associations_of_mine, representatives_of
from associations.services.common import log_event, tell
from financing.choices import ApplicationStatus
from financing.models import LoanApplication
from revival_portal.accounts.permissions import require_reviewer
from revival_portal.accounts.roles import Role
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.services import notify


@transaction.atomic
def review_session_open(*, actor, title: str, meets_on: dt.date, applications, fund_officer) -> ReviewSession:
    """Open a session with an agenda of recommended applications, inviting the representatives of the
    applicants' associations and a fund officer."""
    require_reviewer(actor, _("Only programme reviewers may open a review session."))
    applications = list(applications)
    if not applications:
        raise ValidationError({"applications": _("Put at least one recommended application on the agenda.")})
    if any(a.status != ApplicationStatus.RECOMMENDED for a in applications):
        raise ValidationError({"applications": _("Only recommended applications can be on the agenda.")})
    if fund_officer is None or not fund_officer.has_role(Role.FUND_OFFICER):
        raise ValidationError({"fund_officer": _("Choose a fund officer.")})
    session = ReviewSession(title=title, meets_on=meets_on, opened_by=actor)
    session.full_clean()
    session.save()
    invited = {fund_officer.pk: Invitation(session=session, user=fund_officer)}
    for application in applications:
        AgendaItem.objects.create(session=session, application=application)
        for association in associations_of_mine(application.mine):
            for person in representatives_of([association]):
                invited.setdefault(
                    person.pk, Invitation(session=session, user=person, association=association)
                )
    Invitation.objects.bulk_create(invited.values())
    log_event(session, subject="session", actor=actor, to_state=SessionStatus.OPEN)
    tell(
        [invitation.user for invitation in invited.values()],
        kind="session_invited",
        subject=format_lazy(_("You are invited to the review session “{title}”"), title=title),
        url=session.get_absolute_url(),
    )
    return session


@transaction.atomic
def opinion_record(*, item: AgendaItem, actor, stance: str, note: str = "") -> Opinion:
    """An invited person's opinion on an agenda item; refused once the application is decided."""
    session = ReviewSession.objects.select_for_update().get(pk=item.session_id)
    if not session.invitations.filter(user=actor).exists():
        raise PermissionDenied(_("Only people invited to this session can give an opinion."))
    if session.status != SessionStatus.OPEN:
        raise TransitionNotAllowed(_("This session is closed."))
    # The application's row lock orders this against the decision, which takes the same lock.
    application = LoanApplication.objects.select_for_update(of=("self",)).get(pk=item.application_id)
    if application.status != ApplicationStatus.RECOMMENDED:
        raise TransitionNotAllowed(
            _("Opinions are recorded before the decision; this application is “%(status)s”.")
            % {"status": application.get_status_display()}
        )
    if stance not in Stance.values:
        raise ValidationError({"stance": _("Choose support, object or abstain.")})
    opinion = Opinion.objects.filter(item=item, author=actor).first() or Opinion(item=item, author=actor)
    from_state = opinion.stance if opinion.pk else ""
    opinion.stance, opinion.note = stance, note
    opinion.full_clean(validate_constraints=False)
    opinion.save()
    log_event(opinion, subject="opinion", actor=actor, from_state=from_state, to_state=stance, note=note)
    tell(
        [session.opened_by],
        kind="opinion",
        subject=format_lazy(
            _("{person}: {stance} on {application}"),
            person=actor,
            stance=Stance(stance).label,
            application=application,
        ),
        body=note,
        url=session.get_absolute_url(),
    )
    return opinion


@transaction.atomic
def review_session_close(*, session: ReviewSession, actor) -> ReviewSession:
    """open -> closed: the minutes are final."""
    require_reviewer(actor)
    session = ReviewSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.OPEN:
        raise TransitionNotAllowed(_("This session is already closed."))
    session.status = SessionStatus.CLOSED
    session.save(update_fields=["status"])
    log_event(
        session, subject="session", actor=actor, from_state=SessionStatus.OPEN, to_state=SessionStatus.CLOSED
    )
    tell(
        [i.user for i in session.invitations.select_related("user")],
        kind="session_closed",
        subject=format_lazy(_("The minutes of “{title}” are final"), title=session.title),
        url=session.get_absolute_url(),
    )
    return session


def session_reminders_send(on: dt.date | None = None) -> int:
    """Remind invited people who have not given every opinion of tomorrow's open sessions (once each)."""
    tomorrow = (on or timezone.localdate()) + dt.timedelta(days=1)
    sent = 0
    sessions = ReviewSession.objects.filter(status=SessionStatus.OPEN, meets_on=tomorrow).prefetch_related(
        "invitations__user", "agenda__opinions"
    )
    for session in sessions:
        items = list(session.agenda.all())
        for invitation in session.invitations.all():
            given = sum(1 for item in items for o in item.opinions.all() if o.author_id == invitation.user_id)
            if given >= len(items):
                continue
            sent += len(
                notify(
                    recipients=[invitation.user],
                    kind="associations.session_reminder",
                    subject=format_lazy(
                        _("The review session “{title}” meets tomorrow"), title=session.title
                    ),
                    url=session.get_absolute_url(),
                    dedupe_key=f"associations.session_reminder:{session.pk}",
                )
            )
    return sent
