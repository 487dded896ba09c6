"""Requests and bookings: each transition, the refused ones, and the edges of the inclusive date rule."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from equipment import services
from equipment.choices import BookingStatus, EventKind, RequestStatus, UnitStatus
from equipment.models import Booking
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.models import Notification
from tests.equipment.factories import BookingFactory, ProcessingUnitFactory, UnitRequestFactory, days
from tests.factories import OperatorFactory, ReviewerFactory
from tests.mines.factories import MineFactory, PendingMineFactory, mineral

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return ReviewerFactory()


def _submit(mine, **overrides):
    values = {
        "actor": mine.operator,
        "mine": mine,
        "mineral": mine.primary_mineral,
        "ore_tonnes": Decimal("8000"),
        "desired_start": days(5),
        "desired_end": days(20),
    }
    values.update(overrides)
    return services.unit_request_submit(**values)


class TestUnitRequestSubmit:
    def test_operator_requests_for_verified_mine_and_reviewers_are_told(self, reviewer):
        mine = MineFactory()
        unit_request = _submit(mine)
        assert unit_request.status == RequestStatus.REQUESTED
        assert unit_request.events.get().kind == EventKind.REQUEST_SUBMITTED
        assert Notification.objects.filter(recipient=reviewer, kind="equipment.request_received").exists()

    def test_pending_mine_is_refused(self):
        mine = PendingMineFactory()
        with pytest.raises(ValidationError) as error:
            _submit(mine)
        assert "mine" in error.value.message_dict

    def test_end_before_start_is_refused(self):
        with pytest.raises(ValidationError) as error:
            _submit(MineFactory(), desired_start=days(10), desired_end=days(9))
        assert "desired_end" in error.value.message_dict

    def test_one_day_window_is_allowed(self):
        assert _submit(MineFactory(), desired_start=days(10), desired_end=days(10)).window_days == 1

    def test_mineral_the_mine_does_not_produce_is_refused(self):
        with pytest.raises(ValidationError) as error:
            _submit(MineFactory(), mineral=mineral("bauxite"))
        assert "mineral" in error.value.message_dict

    def test_another_operators_mine_is_refused(self):
        with pytest.raises(PermissionDenied):
            _submit(MineFactory(), actor=OperatorFactory())


class TestBookingSchedule:
    def test_books_the_unit_and_tells_the_operator(self, reviewer):
        unit_request = UnitRequestFactory()
        unit = ProcessingUnitFactory()
        booking = services.booking_schedule(
            actor=reviewer, request=unit_request, unit=unit, start_date=days(10), end_date=days(20)
        )
        unit_request.refresh_from_db()
        assert booking.status == BookingStatus.SCHEDULED
        assert unit_request.status == RequestStatus.SCHEDULED
        assert Notification.objects.filter(
            recipient=unit_request.mine.operator, kind="equipment.booking_scheduled"
        ).exists()

    def test_operator_may_not_book(self):
        unit_request = UnitRequestFactory()
        with pytest.raises(PermissionDenied):
            services.booking_schedule(
                actor=unit_request.mine.operator,
                request=unit_request,
                unit=ProcessingUnitFactory(),
                start_date=days(10),
                end_date=days(12),
            )

    def test_request_already_scheduled_is_refused(self, reviewer):
        booking = BookingFactory()
        booking.request.status = RequestStatus.SCHEDULED
        booking.request.save()
        with pytest.raises(TransitionNotAllowed):
            services.booking_schedule(
                actor=reviewer,
                request=booking.request,
                unit=ProcessingUnitFactory(),
                start_date=days(50),
                end_date=days(55),
            )

    @pytest.mark.parametrize("status", [UnitStatus.MAINTENANCE, UnitStatus.RETIRED, UnitStatus.IN_PRODUCTION])
    def test_unit_not_bookable_is_refused(self, reviewer, status):
        with pytest.raises(TransitionNotAllowed):
            services.booking_schedule(
                actor=reviewer,
                request=UnitRequestFactory(),
                unit=ProcessingUnitFactory(status=status),
                start_date=days(10),
                end_date=days(12),
            )

    def test_unit_not_serving_the_mineral_is_refused(self, reviewer):
        from tests.equipment.factories import UnitTypeFactory

        unit = ProcessingUnitFactory(unit_type=UnitTypeFactory(minerals=[mineral("bauxite")]))
        with pytest.raises(ValidationError):
            services.booking_schedule(
                actor=reviewer,
                request=UnitRequestFactory(),
                unit=unit,
                start_date=days(10),
                end_date=days(12),
            )

    def test_end_before_start_is_refused(self, reviewer):
        with pytest.raises(ValidationError):
            services.booking_schedule(
                actor=reviewer,
                request=UnitRequestFactory(),
                unit=ProcessingUnitFactory(),
                start_date=days(12),
                end_date=days(11),
            )


class TestInclusiveDateEdges:
    """A booking holds start..end with both days included (see equipment/models/bookings.py)."""

    @pytest.fixture
    def held(self, reviewer):
        """The unit is booked from day 10 to day 20."""
        unit = ProcessingUnitFactory()
        services.booking_schedule(
            actor=reviewer, request=UnitRequestFactory(), unit=unit, start_date=days(10), end_date=days(20)
        )
        return unit

    def _book(self, reviewer, unit, start, end):
        return services.booking_schedule(
            actor=reviewer,
            request=UnitRequestFactory(),
            unit=unit,
            start_date=days(start),
            end_date=days(end),
        )

    def test_starting_on_the_last_day_is_refused(self, reviewer, held):
        with pytest.raises(TransitionNotAllowed, match=held.code):
            self._book(reviewer, held, 20, 25)

    def test_starting_the_day_after_is_allowed(self, reviewer, held):
        assert self._book(reviewer, held, 21, 25).start_date == days(21)

    def test_ending_on_the_first_day_is_refused(self, reviewer, held):
        with pytest.raises(TransitionNotAllowed):
            self._book(reviewer, held, 5, 10)

    def test_ending_the_day_before_is_allowed(self, reviewer, held):
        assert self._book(reviewer, held, 5, 9).end_date == days(9)

    def test_contained_window_is_refused(self, reviewer, held):
        with pytest.raises(TransitionNotAllowed):
            self._book(reviewer, held, 12, 14)

    def test_containing_window_is_refused(self, reviewer, held):
        with pytest.raises(TransitionNotAllowed):
            self._book(reviewer, held, 1, 30)

    def test_identical_window_is_refused(self, reviewer, held):
        with pytest.raises(TransitionNotAllowed):
            self._book(reviewer, held, 10, 20)

    def test_single_day_on_the_edge_is_refused(self, reviewer, held):
        with pytest.raises(TransitionNotAllowed):
            self._book(reviewer, held, 20, 20)

    def test_another_unit_is_free(self, reviewer, held):
        assert self._book(reviewer, ProcessingUnitFactory(), 10, 20)

    def test_cancelled_booking_frees_its_dates(self, reviewer, held):
        booking = Booking.objects.get(unit=held)
        services.booking_cancel(actor=reviewer, booking=booking)
        assert self._book(reviewer, held, 10, 20).status == BookingStatus.SCHEDULED


class TestBookingLifecycle:
    def test_deploy(self, reviewer):
        booking = services.booking_deploy(actor=reviewer, booking=BookingFactory())
        assert booking.status == BookingStatus.DEPLOYED
        booking.unit.refresh_from_db()
        assert booking.unit.status == UnitStatus.DEPLOYED

    def test_deploy_twice_is_refused(self, reviewer):
        booking = BookingFactory(status=BookingStatus.DEPLOYED)
        with pytest.raises(TransitionNotAllowed):
            services.booking_deploy(actor=reviewer, booking=booking)

    def test_complete_records_report_and_frees_unit(self, reviewer):
        booking = services.booking_deploy(actor=reviewer, booking=BookingFactory())
        booking = services.booking_complete(
            actor=reviewer, booking=booking, tonnes_processed=Decimal("4200"), condition_notes="Liners worn."
        )
        booking.unit.refresh_from_db()
        booking.request.refresh_from_db()
        assert (booking.status, booking.tonnes_processed) == (BookingStatus.COMPLETED, Decimal("4200"))
        assert booking.unit.status == UnitStatus.AVAILABLE
        assert booking.request.status == RequestStatus.COMPLETED
        assert Notification.objects.filter(kind="equipment.booking_completed").count() == 1

    def test_complete_a_scheduled_booking_is_refused(self, reviewer):
        with pytest.raises(TransitionNotAllowed):
            services.booking_complete(actor=reviewer, booking=BookingFactory(), tonnes_processed=Decimal(1))

    def test_negative_tonnes_are_refused(self, reviewer):
        booking = BookingFactory(status=BookingStatus.DEPLOYED)
        with pytest.raises(ValidationError):
            services.booking_complete(actor=reviewer, booking=booking, tonnes_processed=Decimal(-1))

    def test_cancel_returns_request_to_queue(self, reviewer):
        booking = BookingFactory()
        booking.request.status = RequestStatus.SCHEDULED
        booking.request.save()
        booking = services.booking_cancel(actor=reviewer, booking=booking, reason="Unit needed elsewhere")
        booking.request.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED
        assert booking.request.status == RequestStatus.REQUESTED

    def test_cancel_deployed_booking_is_refused(self, reviewer):
        with pytest.raises(TransitionNotAllowed):
            services.booking_cancel(actor=reviewer, booking=BookingFactory(status=BookingStatus.DEPLOYED))

    def test_operator_may_not_deploy(self):
        booking = BookingFactory()
        with pytest.raises(PermissionDenied):
            services.booking_deploy(actor=booking.request.mine.operator, booking=booking)


class TestUnitRequestCancel:
    def test_operator_cancels_own_request_and_its_scheduled_booking(self):
        booking = BookingFactory()
        booking.request.status = RequestStatus.SCHEDULED
        booking.request.save()
        unit_request = services.unit_request_cancel(
            actor=booking.request.mine.operator, unit_request=booking.request
        )
        booking.refresh_from_db()
        assert unit_request.status == RequestStatus.CANCELLED
        assert booking.status == BookingStatus.CANCELLED

    def test_other_operator_may_not_cancel(self):
        with pytest.raises(PermissionDenied):
            services.unit_request_cancel(actor=OperatorFactory(), unit_request=UnitRequestFactory())

    def test_deployed_request_cannot_be_cancelled(self):
        booking = BookingFactory(status=BookingStatus.DEPLOYED)
        booking.request.status = RequestStatus.SCHEDULED
        booking.request.save()
        with pytest.raises(TransitionNotAllowed):
            services.unit_request_cancel(actor=booking.request.mine.operator, unit_request=booking.request)

    def test_cancelled_request_cannot_be_cancelled_again(self):
        unit_request = UnitRequestFactory(status=RequestStatus.CANCELLED)
        with pytest.raises(TransitionNotAllowed):
            services.unit_request_cancel(actor=unit_request.mine.operator, unit_request=unit_request)


class TestBookingReminders:
    def test_reminder_for_tomorrow_is_sent_once(self):
        booking = BookingFactory(start_date=days(1), end_date=days(5))
        BookingFactory(start_date=days(2), end_date=days(5))
        assert services.booking_reminders_send() == 1
        assert services.booking_reminders_send() == 0
        assert (
            Notification.objects.filter(
                recipient=booking.request.mine.operator, kind="equipment.booking_starting"
            ).count()
            == 1
        )


class TestUnitRequestCancelNotifies:
    def test_reviewer_declining_a_request_tells_the_operator(self):
        booking = BookingFactory()
        booking.request.status = RequestStatus.SCHEDULED
        booking.request.save()
        operator = booking.request.mine.operator
        services.unit_request_cancel(actor=ReviewerFactory(), unit_request=booking.request, reason="No unit")
        notice = Notification.objects.get(recipient=operator, kind="equipment.request_cancelled")
        assert notice.body == "No unit"
        # Both steps are in the request's own history.
        assert set(booking.request.events.values_list("kind", flat=True)) >= {
            EventKind.BOOKING_CANCELLED,
            EventKind.REQUEST_CANCELLED,
        }

    def test_operator_withdrawing_is_not_told_about_it(self):
        unit_request = UnitRequestFactory()
        services.unit_request_cancel(actor=unit_request.mine.operator, unit_request=unit_request)
        assert not Notification.objects.filter(kind="equipment.request_cancelled").exists()
