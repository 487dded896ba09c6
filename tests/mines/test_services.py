"""One test per service transition, including the refused ones."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mines import services
from mines.choices import MineEventKind, RevivalStage, Verification
from revival_portal.core.models import Province
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.models import Notification
from tests.factories import FundOfficerFactory, OperatorFactory
from tests.mines.factories import MineFactory, PendingMineFactory, mineral

pytestmark = pytest.mark.django_db


def registration(**overrides):
    fields = {
        "name": "معدن سرب نخلک",
        "province": Province.objects.get(code="IR-10"),
        "county": "انارک",
        "latitude": Decimal("33.31"),
        "longitude": Decimal("53.70"),
        "primary_mineral": mineral("lead"),
        "licence_type": "exploitation",
        "licence_number": "EXP-1402-00991",
        "licence_issued_on": dt.date(2023, 3, 1),
        "licence_expires_on": dt.date(2033, 3, 1),
        "jobs_before": 3,
        "jobs_now": 3,
        "annual_output_tonnes": Decimal("5000"),
        "proven_reserve_tonnes": None,
    }
    fields.update(overrides)
    return fields


def test_register_creates_a_pending_mine_with_event_and_tells_reviewers(operator, reviewer):
    mine = services.mine_register(actor=operator, other_minerals=[mineral("zinc")], **registration())
    assert mine.operator == operator
    assert mine.verification_status == Verification.PENDING
    assert list(mine.other_minerals.values_list("code", flat=True)) == ["zinc"]
    assert mine.events.get().kind == MineEventKind.REGISTERED
    assert Notification.objects.filter(recipient=reviewer, kind="mine.registered").count() == 1


def test_register_by_a_non_operator_is_refused(fund_officer):
    with pytest.raises(PermissionDenied):
        services.mine_register(actor=fund_officer, **registration())


def test_register_refuses_a_duplicate_licence_number_even_in_another_spelling(operator):
    services.mine_register(actor=operator, **registration(licence_number="EXP-1402-1"))
    with pytest.raises(ValidationError) as error:
        services.mine_register(actor=operator, **registration(licence_number="exp-۱۴۰۲-۱"))
    assert "licence_number" in error.value.message_dict


def test_register_refuses_coordinates_outside_iran_and_expiry_before_issue(operator):
    with pytest.raises(ValidationError) as error:
        services.mine_register(
            actor=operator,
            **registration(latitude=Decimal("41.0"), licence_expires_on=dt.date(2022, 1, 1)),
        )
    assert set(error.value.message_dict) == {"latitude", "licence_expires_on"}


def test_update_while_pending(operator):
    mine = PendingMineFactory(operator=operator)
    services.mine_update(actor=operator, mine=mine, name="نام تازه", other_minerals=[mineral("iron")])
    mine.refresh_from_db()
    assert mine.name == "نام تازه"
    assert mine.events.filter(kind=MineEventKind.UPDATED).exists()


def test_update_after_verification_is_refused(operator):
    mine = MineFactory(operator=operator)
    with pytest.raises(TransitionNotAllowed):
        services.mine_update(actor=operator, mine=mine, name="x")


def test_update_by_another_operator_is_refused(operator, other_operator):
    with pytest.raises(PermissionDenied):
        services.mine_update(actor=other_operator, mine=PendingMineFactory(operator=operator), name="x")


def test_figures_update_any_time_with_event(operator):
    mine = MineFactory(operator=operator, jobs_now=4)
    services.mine_figures_update(
        actor=operator, mine=mine, jobs_now=20, annual_output_tonnes=Decimal("9000"), note="new shift"
    )
    mine.refresh_from_db()
    assert mine.jobs_now == 20
    assert mine.events.get(kind=MineEventKind.FIGURES_UPDATED).note == "new shift"


def test_verify_pending_mine_notifies_operator(reviewer):
    mine = PendingMineFactory()
    services.mine_verify(actor=reviewer, mine=mine, note="checked on site")
    mine.refresh_from_db()
    assert mine.verification_status == Verification.VERIFIED
    assert mine.verified_by == reviewer
    event = mine.events.get(kind=MineEventKind.VERIFIED)
    assert (event.from_value, event.to_value, event.actor) == ("pending", "verified", reviewer)
    assert Notification.objects.filter(recipient=mine.operator, kind="mine.verified").count() == 1


def test_verify_twice_is_refused(reviewer):
    mine = MineFactory()
    with pytest.raises(TransitionNotAllowed):
        services.mine_verify(actor=reviewer, mine=mine)


def test_verify_by_operator_or_fund_officer_is_refused(operator):
    mine = PendingMineFactory(operator=operator)
    for actor in (operator, FundOfficerFactory()):
        with pytest.raises(PermissionDenied):
            services.mine_verify(actor=actor, mine=mine)


def test_reject_with_reason_notifies_operator(reviewer):
    mine = PendingMineFactory()
    services.mine_reject(actor=reviewer, mine=mine, reason="Licence copy unreadable")
    mine.refresh_from_db()
    assert mine.verification_status == Verification.REJECTED
    assert mine.verification_reason == "Licence copy unreadable"
    notification = Notification.objects.get(recipient=mine.operator, kind="mine.rejected")
    assert notification.body == "Licence copy unreadable"


def test_reject_without_reason_is_refused(reviewer):
    mine = PendingMineFactory()
    with pytest.raises(ValidationError) as error:
        services.mine_reject(actor=reviewer, mine=mine, reason="  ")
    assert "reason" in error.value.message_dict
    mine.refresh_from_db()
    assert mine.verification_status == Verification.PENDING


def test_reject_a_verified_mine_is_refused(reviewer):
    with pytest.raises(TransitionNotAllowed):
        services.mine_reject(actor=reviewer, mine=MineFactory(), reason="late")


def test_stage_change_with_note_and_notification(reviewer):
    mine = MineFactory(revival_stage=RevivalStage.INTERVENTION)
    services.mine_stage_change(actor=reviewer, mine=mine, stage=RevivalStage.ACTIVE, note="Mill running")
    mine.refresh_from_db()
    assert mine.revival_stage == RevivalStage.ACTIVE
    event = mine.events.get(kind=MineEventKind.STAGE_CHANGED)
    assert (event.from_value, event.to_value, event.note) == ("intervention", "active", "Mill running")
    assert Notification.objects.filter(recipient=mine.operator, kind="mine.stage_changed").exists()


def test_stage_change_of_unverified_mine_is_refused(reviewer):
    with pytest.raises(TransitionNotAllowed):
        services.mine_stage_change(actor=reviewer, mine=PendingMineFactory(), stage=RevivalStage.ACTIVE)


def test_stage_change_to_same_stage_or_unknown_stage_is_refused(reviewer):
    mine = MineFactory(revival_stage=RevivalStage.ACTIVE)
    with pytest.raises(TransitionNotAllowed):
        services.mine_stage_change(actor=reviewer, mine=mine, stage=RevivalStage.ACTIVE)
    with pytest.raises(ValidationError):
        services.mine_stage_change(actor=reviewer, mine=mine, stage="flying")


def test_stage_change_by_operator_is_refused(operator):
    with pytest.raises(PermissionDenied):
        services.mine_stage_change(
            actor=operator, mine=MineFactory(operator=operator), stage=RevivalStage.ACTIVE
        )


def report_fields(**overrides):
    fields = {
        "period_year": 1403,
        "period_month": 7,
        "jobs": 12,
        "tonnes_mined": Decimal("1200"),
        "tonnes_sold": Decimal("1000"),
        "revenue_rials": Decimal("9000000000"),
    }
    fields.update(overrides)
    return fields


def test_production_report_file(operator):
    mine = MineFactory(operator=operator)
    report = services.production_report_file(actor=operator, mine=mine, **report_fields())
    assert report.filed_by == operator
    assert mine.events.filter(kind=MineEventKind.REPORT_FILED, to_value="1403/07").exists()


def test_second_report_for_the_same_period_is_refused(operator):
    mine = MineFactory(operator=operator)
    services.production_report_file(actor=operator, mine=mine, **report_fields())
    with pytest.raises(ValidationError) as error:
        services.production_report_file(actor=operator, mine=mine, **report_fields(jobs=3))
    assert set(error.value.message_dict) == {"period_month"}


def test_report_on_another_operators_mine_is_refused(operator):
    with pytest.raises(PermissionDenied):
        services.production_report_file(
            actor=OperatorFactory(), mine=MineFactory(operator=operator), **report_fields()
        )


def test_report_on_a_pending_mine_is_refused_by_the_service(operator):
    """The page checks it before showing the form; the service checks it for every path (API, shell)."""
    mine = PendingMineFactory(operator=operator)
    with pytest.raises(ValidationError) as error:
        services.production_report_file(actor=operator, mine=mine, **report_fields())
    assert set(error.value.message_dict) == {"mine"}
    assert not mine.production_reports.exists()
