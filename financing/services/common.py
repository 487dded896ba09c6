"""Helpers every workflow service uses: lock the row, check the move and the actor, log the event."""

from django.core.exceptions import PermissionDenied
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from financing.models import ApplicationEvent, LoanApplication
from financing.workflow import TRANSITIONS, Transition, actor_may, check_source
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.services import notify

NOTE_REQUIRED = _("Please write a note.")


def lock_application(application: LoanApplication | int) -> LoanApplication:
    """Reload the application with its row locked until the transaction ends (racing requests queue here)."""
    pk = getattr(application, "pk", application)
    return (
        LoanApplication.objects.select_for_update(of=("self",)).select_related("mine", "applicant").get(pk=pk)
    )


def authorize(action: str, application: LoanApplication, actor) -> Transition:
    """Check the actor first (PermissionDenied), then the source state (TransitionNotAllowed)."""
    transition = TRANSITIONS[action]
    if not actor_may(transition, application, actor):
        raise PermissionDenied(
            _("You are not allowed to “%(action)s” this application.") % {"action": transition.label}
        )
    check_source(application.status, action)
    return transition


def move(application: LoanApplication, *, actor, to_state: str, note: str = "") -> ApplicationEvent:
    """Change the status and write the event row; the caller holds the row lock and the transaction."""
    event = ApplicationEvent(
        application=application, actor=actor, from_state=application.status, to_state=to_state, note=note
    )
    event.full_clean()
    event.save()
    application.status = to_state
    application.save(update_fields=["status", "updated_at"])
    return event


def notify_about(
    application: LoanApplication, *, recipients, kind: str, subject: str, body="", url: str = ""
):
    """Notify about ``application``; subjects carry the application number in each recipient's language."""
    return notify(
        recipients=recipients,
        kind=f"financing.{kind}",
        subject=format_lazy(subject, number=application.pk),
        body=body,
        url=url or application.get_absolute_url(),
    )


def lock_editable_application(application: LoanApplication | int, actor) -> LoanApplication:
    """Lock the application and check that ``actor`` is its applicant and may still change it."""
    application = lock_application(application)
    if not (actor.is_authenticated and actor.is_operator and application.applicant_id == actor.pk):
        raise PermissionDenied(_("Only the applicant can change this application."))
    if not application.is_editable:
        raise TransitionNotAllowed(
            _("This application can no longer be changed (it is “%(status)s”).")
            % {"status": application.get_status_display()}
        )
    return application
