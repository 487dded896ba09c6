"""Memberships: ask, accept, decline, end; dated so a report can say who was a member when."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from associations import services
from associations.choices import MembershipStatus
from associations.models import AssociationEvent, Membership
from associations.selectors import associations_of_mine, member_mines
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.models import Notification
from tests.associations.factories import representative
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db


def test_an_operator_asks_to_join_with_two_mines_and_the_representatives_hear_of_it(association, rep):
    first = MineFactory()
    second = MineFactory(operator=first.operator)
    created = services.membership_request(
        actor=first.operator, association=association, mines=[first, second]
    )
    assert [m.status for m in created] == [MembershipStatus.REQUESTED] * 2
    assert Notification.objects.filter(recipient=rep, kind="associations.membership_requested").count() == 1
    assert (
        AssociationEvent.objects.filter(subject="membership", to_state=MembershipStatus.REQUESTED).count()
        == 2
    )


def test_an_operator_cannot_ask_for_someone_elses_mine(association):
    mine, other = MineFactory(), MineFactory()
    with pytest.raises(ValidationError):
        services.membership_request(actor=mine.operator, association=association, mines=[other])


def test_asking_twice_is_refused_with_a_field_error(association, rep):
    mine = MineFactory()
    services.membership_request(actor=mine.operator, association=association, mines=[mine])
    with pytest.raises(ValidationError) as error:
        services.membership_request(actor=mine.operator, association=association, mines=[mine])
    assert "mines" in error.value.message_dict


def test_accept_dates_the_membership_and_tells_the_operator(association, rep):
    mine = MineFactory()
    (membership,) = services.membership_request(actor=mine.operator, association=association, mines=[mine])
    membership = services.membership_accept(membership=membership, actor=rep)
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.starts_on == timezone.localdate()
    assert list(member_mines(rep)) == [mine]
    assert Notification.objects.filter(
        recipient=mine.operator, kind="associations.membership_accepted"
    ).exists()


def test_only_a_representative_of_that_association_may_accept(association, rep):
    mine = MineFactory()
    (membership,) = services.membership_request(actor=mine.operator, association=association, mines=[mine])
    other_rep = representative()
    with pytest.raises(PermissionDenied):
        services.membership_accept(membership=membership, actor=other_rep)
    with pytest.raises(PermissionDenied):
        services.membership_accept(membership=membership, actor=mine.operator)


def test_decline_needs_a_reason_and_cannot_follow_an_answer(association, rep):
    mine = MineFactory()
    (membership,) = services.membership_request(actor=mine.operator, association=association, mines=[mine])
    with pytest.raises(ValidationError):
        services.membership_decline(membership=membership, actor=rep, note=" ")
    services.membership_decline(membership=membership, actor=rep, note="Not in our province.")
    with pytest.raises(TransitionNotAllowed):
        services.membership_accept(membership=membership, actor=rep)


def test_an_ended_membership_still_counts_for_the_days_it_lasted(association, member_mine, rep):
    membership = Membership.objects.get(mine=member_mine)
    Membership.objects.filter(pk=membership.pk).update(starts_on=timezone.localdate() - dt.timedelta(days=40))
    services.membership_end(membership=membership, actor=member_mine.operator, note="We left.")
    today = timezone.localdate()
    assert list(associations_of_mine(member_mine, today - dt.timedelta(days=10))) == [association]
    assert list(associations_of_mine(member_mine, today + dt.timedelta(days=1))) == []
    assert list(associations_of_mine(member_mine)) == []
    assert list(associations_of_mine(member_mine, today - dt.timedelta(days=41))) == []
    with pytest.raises(TransitionNotAllowed):
        services.membership_end(membership=membership, actor=rep)
