"""Helpers every associations service uses: write the event row, notify, and check who represents whom."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from associations.models import Association, AssociationEvent
from revival_portal.notifications.services import notify


def log_event(obj, *, subject: str, actor, to_state: str, from_state: str = "", note: str = "") -> None:
    """Write the event row of a state change in the caller's transaction."""
    AssociationEvent.objects.create(
        subject=subject, object_id=obj.pk, actor=actor, from_state=from_state, to_state=to_state, note=note
    )


def tell(recipients, *, kind: str, subject, body="", url: str = "") -> None:
    """In-app and e-mail (after commit) through the portal's one notify() path."""
    notify(recipients=recipients, kind=f"associations.{kind}", subject=subject, body=body, url=url)


def require_representative(actor, association: Association) -> None:
    if not (
        actor.is_authenticated
        and Association.objects.represented_by(actor).filter(pk=association.pk).exists()
    ):
        raise PermissionDenied(_("Only a representative of this association may do this."))
