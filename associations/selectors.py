"""Reads that carry the association scope: whose mines a representative may see, and the public catalogue.

Reads of mines, applications, unit requests and bookings go through those apps' own querysets.
"""

import datetime as dt

from django.db.models import Q

from associations.choices import MembershipStatus
from associations.models import Association, Membership
from equipment.models import Booking, UnitRequest
from financing.choices import ApplicationStatus
from financing.models import LoanApplication
from mines.models import Mine


def active_memberships(on: dt.date | None = None):
    """Memberships in force now (``on`` None), or on a past day for the reports (an ended one counts for
    the days it lasted, its last day included)."""
    if on is None:
        return Membership.objects.filter(status=MembershipStatus.ACTIVE)
    return Membership.objects.active_on(on)


def associations_of_mine(mine, on: dt.date | None = None):
    """The associations ``mine`` is a member of now, or on ``on``."""
    return Association.objects.filter(pk__in=active_memberships(on).filter(mine=mine).values("association"))


def member_mines(user, on: dt.date | None = None):
    """The mines that are members now (or on ``on``) of an association ``user`` represents; none for
    anyone else."""
    associations = Association.objects.represented_by(user)
    return Mine.objects.filter(
        pk__in=active_memberships(on).filter(association__in=associations).values("mine")
    )


def member_applications(user):
    """Member mines' loan applications once filed (a draft stays the operator's own)."""
    return LoanApplication.objects.filter(mine__in=member_mines(user)).exclude(status=ApplicationStatus.DRAFT)


def member_unit_requests(user):
    return UnitRequest.objects.filter(mine__in=member_mines(user))


def member_bookings(user):
    return Booking.objects.filter(request__mine__in=member_mines(user))


def waiting_for_endorsement(user):
    """Member applications and unit requests still open that none of ``user``'s associations answered."""
    associations = Association.objects.represented_by(user)
    applications = (
        member_applications(user)
        .filter(
            status__in=[
                ApplicationStatus.SUBMITTED,
                ApplicationStatus.UNDER_REVIEW,
                ApplicationStatus.INFO_REQUESTED,
            ]
        )
        .exclude(endorsements__association__in=associations)
    )
    requests = member_unit_requests(user).open().exclude(endorsements__association__in=associations)
    return applications, requests


def catalogue_mines():
    """Verified mines investors may browse: only public fields are ever read from these rows."""
    return (
        Mine.objects.verified()
        .select_related("province", "primary_mineral")
        .prefetch_related("other_minerals")
    )


def representatives_of(associations):
    """The active representatives' accounts of ``associations``."""
    from revival_portal.accounts.models import User

    return User.objects.filter(
        is_active=True, association_seats__association__in=associations, association_seats__active=True
    ).distinct()


def session_scope_applications(user):
    """Applications whose detail an invited person may read through a session (recommended ones)."""
    return LoanApplication.objects.filter(
        Q(agenda_items__session__invitations__user=user) | Q(pk__in=member_applications(user).values("pk"))
    ).distinct()
