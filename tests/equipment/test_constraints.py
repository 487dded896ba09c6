"""The database's own guards: the PostgreSQL exclusion constraint and the check constraints."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from rest_framework.test import APIClient

from equipment.choices import BookingStatus
from equipment.models import Booking, UnitRequest
from equipment.models.bookings import BOOKING_NO_OVERLAP_CONSTRAINT
from tests.equipment.factories import (
    BookingFactory,
    ProcessingUnitFactory,
    UnitRequestFactory,
    days,
)
from tests.factories import ReviewerFactory
from tests.mines.factories import MineFactory


@pytest.mark.django_db
def test_end_before_start_is_refused_by_the_database():
    booking = BookingFactory.build(
        unit=ProcessingUnitFactory(),
        request=UnitRequestFactory(),
        booked_by=ReviewerFactory(),
        start_date=days(5),
        end_date=days(4),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        booking.save()


@pytest.mark.django_db
def test_one_live_booking_per_request_in_the_database():
    booking = BookingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            unit=ProcessingUnitFactory(),
            request=booking.request,
            start_date=days(100),
            end_date=days(101),
            booked_by=booking.booked_by,
        )


@pytest.mark.postgres
@pytest.mark.django_db
class TestExclusionConstraint:
    """Inserts that bypass the service still cannot double-book a unit on PostgreSQL."""

    def _insert(self, unit, start, end, status=BookingStatus.SCHEDULED):
        return Booking.objects.create(
            unit=unit,
            request=UnitRequestFactory(),
            start_date=days(start),
            end_date=days(end),
            booked_by=ReviewerFactory(),
            status=status,
        )

    def test_overlapping_insert_is_rejected(self):
        unit = ProcessingUnitFactory()
        self._insert(unit, 10, 20)
        with pytest.raises(IntegrityError, match=BOOKING_NO_OVERLAP_CONSTRAINT), transaction.atomic():
            self._insert(unit, 15, 25)

    def test_same_day_end_and_start_is_rejected(self):
        unit = ProcessingUnitFactory()
        self._insert(unit, 10, 20)
        with pytest.raises(IntegrityError, match=BOOKING_NO_OVERLAP_CONSTRAINT), transaction.atomic():
            self._insert(unit, 20, 22)

    def test_next_day_is_accepted(self):
        unit = ProcessingUnitFactory()
        self._insert(unit, 10, 20)
        assert self._insert(unit, 21, 22).pk

    def test_cancelled_bookings_do_not_hold_dates(self):
        unit = ProcessingUnitFactory()
        self._insert(unit, 10, 20, status=BookingStatus.CANCELLED)
        assert self._insert(unit, 10, 20).pk

    def test_update_into_overlap_is_rejected(self):
        unit = ProcessingUnitFactory()
        self._insert(unit, 10, 20)
        later = self._insert(unit, 30, 40)
        with pytest.raises(IntegrityError), transaction.atomic():
            Booking.objects.filter(pk=later.pk).update(start_date=days(18))


ATTEMPTS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_bookings_of_one_unit_make_exactly_one():
    """Twenty reviewers book one unit at once for overlapping windows through the API: one 201, 19 x 409."""
    reviewer = ReviewerFactory()
    unit = ProcessingUnitFactory()
    mine = MineFactory()
    requests = [UnitRequestFactory(mine=mine) for _ in range(ATTEMPTS)]
    barrier = threading.Barrier(ATTEMPTS)

    def attempt(i: int):
        try:
            client = APIClient()
            client.force_authenticate(reviewer)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            barrier.wait(timeout=30)
            # Windows all share day 20 with each other, in different shapes.
            response = client.post(
                "/api/v1/bookings/",
                {
                    "unit": unit.pk,
                    "request": requests[i].pk,
                    "start_date": days(10 + i % 10),
                    "end_date": days(20 + i),
                },
                format="json",
            )
            return response.status_code, response.json()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        results = list(pool.map(attempt, range(ATTEMPTS)))

    statuses = sorted(code for code, _body in results)
    assert statuses == [201] + [409] * (ATTEMPTS - 1)
    for code, body in results:
        if code == 409:
            assert unit.code in body["detail"] and "already booked" in body["detail"]
    assert Booking.objects.filter(unit=unit).count() == 1
    assert UnitRequest.objects.filter(status="scheduled").count() == 1
