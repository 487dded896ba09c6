"""Tenders: draft, publish, bid until closing (and not after), close, score and award."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equipment import services
from equipment.choices import EventKind, TenderKind, TenderStatus
from equipment.models import Bid, Tender
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.models import Notification
from tests.equipment.factories import BidFactory, TenderFactory
from tests.factories import AdminFactory, OperatorFactory, PartnerFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


def _past(tender: Tender) -> Tender:
    Tender.objects.filter(pk=tender.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    tender.refresh_from_db()
    return tender


class TestDraftAndPublish:
    def test_reviewer_drafts_and_publishes_and_partners_are_told(self):
        reviewer, partner = ReviewerFactory(), PartnerFactory()
        tender = services.tender_create(
            actor=reviewer,
            title="Investor for 30 units",
            scope="Finance 30 units.",
            kind=TenderKind.INVESTOR,
            closes_at=timezone.now() + dt.timedelta(days=14),
        )
        assert tender.status == TenderStatus.DRAFT
        tender = services.tender_publish(actor=reviewer, tender=tender)
        assert tender.status == TenderStatus.PUBLISHED
        assert Notification.objects.filter(recipient=partner, kind="equipment.tender_published").exists()

    def test_publish_with_closing_time_passed_is_refused(self):
        tender = TenderFactory(status=TenderStatus.DRAFT, closes_at=timezone.now() - dt.timedelta(hours=1))
        with pytest.raises(TransitionNotAllowed):
            services.tender_publish(actor=ReviewerFactory(), tender=tender)

    def test_publish_twice_is_refused(self):
        with pytest.raises(TransitionNotAllowed):
            services.tender_publish(actor=ReviewerFactory(), tender=TenderFactory())

    def test_partner_may_not_draft(self):
        with pytest.raises(PermissionDenied):
            services.tender_create(
                actor=PartnerFactory(),
                title="x",
                scope="y",
                kind=TenderKind.INVESTOR,
                closes_at=timezone.now(),
            )

    def test_only_drafts_are_edited(self):
        with pytest.raises(TransitionNotAllowed):
            services.tender_update(actor=ReviewerFactory(), tender=TenderFactory(), title="New")


class TestBids:
    def test_partner_bids_then_replaces_the_one_bid(self):
        tender, partner = TenderFactory(), PartnerFactory()
        bid, created = services.bid_submit(
            actor=partner, tender=tender, price_rials=Decimal(100), delivery_schedule="Q1"
        )
        again, created_again = services.bid_submit(
            actor=partner, tender=tender, price_rials=Decimal(90), delivery_schedule="Q2"
        )
        assert (created, created_again) == (True, False)
        assert again.pk == bid.pk and Bid.objects.get().price_rials == Decimal(90)

    def test_bid_after_closing_is_refused_even_before_the_close_task_ran(self):
        tender = _past(TenderFactory())
        assert tender.status == TenderStatus.PUBLISHED
        with pytest.raises(TransitionNotAllowed):
            services.bid_submit(
                actor=PartnerFactory(), tender=tender, price_rials=Decimal(5), delivery_schedule="x"
            )
        assert not Bid.objects.exists()

    def test_replacing_after_closing_is_refused(self):
        bid = BidFactory()
        _past(bid.tender)
        with pytest.raises(TransitionNotAllowed):
            services.bid_submit(
                actor=bid.partner, tender=bid.tender, price_rials=Decimal(1), delivery_schedule="x"
            )
        bid.refresh_from_db()
        assert bid.price_rials == Decimal("987654321012")

    def test_bid_on_draft_is_refused(self):
        with pytest.raises(TransitionNotAllowed):
            services.bid_submit(
                actor=PartnerFactory(),
                tender=TenderFactory(status=TenderStatus.DRAFT),
                price_rials=Decimal(5),
                delivery_schedule="x",
            )

    def test_operator_may_not_bid(self):
        with pytest.raises(PermissionDenied):
            services.bid_submit(
                actor=OperatorFactory(), tender=TenderFactory(), price_rials=Decimal(5), delivery_schedule="x"
            )

    def test_zero_price_is_refused(self):
        with pytest.raises(ValidationError):
            services.bid_submit(
                actor=PartnerFactory(), tender=TenderFactory(), price_rials=Decimal(0), delivery_schedule="x"
            )


class TestCloseScoreAward:
    def test_close_due_tenders_once_and_tell_bidders(self):
        bid = BidFactory()
        _past(bid.tender)
        TenderFactory()  # still open
        assert services.tenders_close_due() == 1
        assert services.tenders_close_due() == 0
        bid.tender.refresh_from_db()
        assert bid.tender.status == TenderStatus.CLOSED
        assert Notification.objects.filter(recipient=bid.partner, kind="equipment.tender_closed").count() == 1

    def test_close_before_time_is_refused(self):
        with pytest.raises(TransitionNotAllowed):
            services.tender_close(tender=TenderFactory())

    def test_score_before_closing_is_refused(self):
        with pytest.raises(TransitionNotAllowed):
            services.bid_score(actor=ReviewerFactory(), bid=BidFactory(), score=80)

    def test_score_after_closing(self):
        bid = BidFactory()
        _past(bid.tender)
        assert services.bid_score(actor=ReviewerFactory(), bid=bid, score=80).score == 80

    def test_award_tells_winner_and_others(self):
        winner = BidFactory()
        loser = BidFactory(tender=winner.tender)
        tender = _past(winner.tender)
        award = services.tender_award(
            actor=ReviewerFactory(), tender=tender, bid=winner, justification="Best value"
        )
        tender.refresh_from_db()
        assert tender.status == TenderStatus.AWARDED and award.bid == winner
        assert Notification.objects.get(recipient=winner.partner, kind="equipment.tender_awarded")
        assert Notification.objects.get(recipient=loser.partner, kind="equipment.tender_awarded")

    def test_award_before_closing_is_refused(self):
        bid = BidFactory()
        with pytest.raises(TransitionNotAllowed):
            services.tender_award(actor=ReviewerFactory(), tender=bid.tender, bid=bid, justification="x")

    def test_award_twice_is_refused(self):
        bid = BidFactory()
        tender = _past(bid.tender)
        services.tender_award(actor=ReviewerFactory(), tender=tender, bid=bid, justification="x")
        with pytest.raises(TransitionNotAllowed):
            services.tender_award(actor=ReviewerFactory(), tender=tender, bid=bid, justification="x")

    def test_award_needs_justification(self):
        bid = BidFactory()
        with pytest.raises(ValidationError):
            services.tender_award(
                actor=ReviewerFactory(), tender=_past(bid.tender), bid=bid, justification=" "
            )

    def test_award_bid_of_another_tender_is_refused(self):
        bid = BidFactory()
        other = BidFactory()
        _past(other.tender)
        with pytest.raises(ValidationError):
            services.tender_award(
                actor=ReviewerFactory(), tender=_past(bid.tender), bid=other, justification="x"
            )


def _admin_client():
    client = Client()
    client.force_login(AdminFactory())
    return client


def test_admin_creates_tenders_through_the_service():
    closes = timezone.localtime() + dt.timedelta(days=10)
    response = _admin_client().post(
        reverse("admin:equipment_tender_add"),
        {
            "title": "Admin tender",
            "scope": "Build units.",
            "kind": TenderKind.MANUFACTURING_PARTNER,
            "closes_at_0": closes.strftime("%Y-%m-%d"),
            "closes_at_1": closes.strftime("%H:%M:%S"),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tender = Tender.objects.get(title="Admin tender")
    assert tender.status == TenderStatus.DRAFT and tender.created_by.is_superuser
    assert tender.events.filter(kind=EventKind.TENDER_CREATED).exists()


def test_admin_cannot_change_a_published_tender():
    tender = TenderFactory()
    closes_at = tender.closes_at
    later = timezone.localtime() + dt.timedelta(days=30)
    response = _admin_client().post(
        reverse("admin:equipment_tender_change", args=[tender.pk]),
        {
            "title": "Changed",
            "scope": "Changed.",
            "kind": tender.kind,
            "closes_at_0": later.strftime("%Y-%m-%d"),
            "closes_at_1": later.strftime("%H:%M:%S"),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.title != "Changed" and tender.closes_at == closes_at
