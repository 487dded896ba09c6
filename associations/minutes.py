"""The minutes of a review session: agenda, attendees, recommendations, opinions and decisions."""

from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from associations.models import AgendaItem, Opinion, ReviewSession
from associations.selectors import member_applications
from financing.models import Decision
from revival_portal.core.calendar import format_jalali


def minutes_of(session: ReviewSession, user) -> dict:
    """Everything the minutes show to ``user``, read in a fixed number of queries. Programme staff see the
    whole agenda; a representative only their members' applications (nothing of non-members)."""
    agenda = AgendaItem.objects.filter(session=session)
    if not user.is_programme_staff:
        agenda = agenda.filter(application__in=member_applications(user))
    items = list(
        agenda.select_related("application__mine", "application__applicant").prefetch_related(
            Prefetch("opinions", queryset=Opinion.objects.select_related("author").order_by("pk")),
            Prefetch(
                "application__decisions",
                queryset=Decision.objects.current().select_related("decided_by"),
                to_attr="decisions_in_force",
            ),
            "application__reviews__reviewer",
        )
    )
    for item in items:
        item.review = next(iter(item.application.reviews.all()), None)
        item.decision = next(iter(item.application.decisions_in_force), None)
    return {
        "items": items,
        "invitations": list(session.invitations.select_related("user", "association")),
    }


def minutes_rows(minutes: dict) -> tuple[list[str], list[list]]:
    """One spreadsheet row per opinion (or per agenda item without opinions)."""
    columns = [
        _("Application"),
        _("Mine"),
        _("Recommendation"),
        _("Recommended by"),
        _("Person"),
        _("Opinion"),
        _("Note"),
        _("Decision"),
        _("Decided by"),
        _("Decided on"),
    ]
    rows = []
    for item in minutes["items"]:
        application, review, decision = item.application, item.review, item.decision
        head = [
            application.pk,
            application.mine.name,
            review.get_recommendation_display() if review else "",
            str(review.reviewer) if review else "",
        ]
        tail = [
            decision.get_outcome_display() if decision else "",
            str(decision.decided_by) if decision else "",
            _date(decision.decided_at) if decision else "",
        ]
        opinions = list(item.opinions.all()) or [None]
        for opinion in opinions:
            middle = (
                [str(opinion.author), opinion.get_stance_display(), opinion.note] if opinion else ["", "", ""]
            )
            rows.append([*head, *middle, *tail])
    return columns, rows


def _date(value) -> str:
    """Jalali for Persian readers, ISO for everyone else."""
    return format_jalali(value) if get_language() == "fa" else value.date().isoformat()
