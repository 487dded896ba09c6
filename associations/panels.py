"""What associations add to financing's application and decision pages (registered in AppConfig.ready)."""

from associations.models import Endorsement, Opinion
from associations.selectors import associations_of_mine
from associations.services.endorsements import policy_in_force


def application_panel(application, user):
    """Endorsements (or their absence) and the review sessions' opinions, for staff and the applicant."""
    if not (user.is_programme_staff or application.applicant_id == user.pk):
        return None
    return (
        "associations/includes/application_panel.html",
        {
            "associations": list(associations_of_mine(application.mine)),
            "endorsements": list(
                Endorsement.objects.filter(application=application).select_related(
                    "association", "endorsed_by"
                )
            ),
            "policy": policy_in_force(),
            "opinions": list(
                Opinion.objects.filter(item__application=application).select_related(
                    "author", "item__session"
                )
            )
            if user.is_programme_staff
            else [],
        },
    )
