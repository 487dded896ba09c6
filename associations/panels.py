"""What associations add to financing's application pages and equipment's unit request page (registered in
AppConfig.ready)."""

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


def unit_request_panel(unit_request, user):
    """The endorsements of a member mine's unit request (or their absence), for staff and the operator. A
    request from a mine outside every association, with no endorsement, adds nothing to the page."""
    if not (user.is_programme_staff or unit_request.mine.operator_id == user.pk):
        return None
    associations = list(associations_of_mine(unit_request.mine))
    endorsements = list(
        Endorsement.objects.filter(unit_request=unit_request).select_related("association", "endorsed_by")
    )
    if not (associations or endorsements):
        return None
    return (
        "associations/includes/unit_request_panel.html",
        {"associations": associations, "endorsements": endorsements},
    )
