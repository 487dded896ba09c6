"""Navigation, dashboard panels, role permissions, admin pages and demo data."""

import io
import time

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from mines.choices import RevivalStage, Verification
from mines.models import Mine, ProductionReport
from revival_portal.accounts.roles import sync_role_permissions
from tests.factories import AdminFactory, OperatorFactory, ReviewerFactory
from tests.mines.factories import MineFactory, PendingMineFactory

pytestmark = pytest.mark.django_db


def test_menu_and_dashboard_by_role(operator_client, reviewer_client, operator):
    PendingMineFactory(operator=operator)
    operator_page = operator_client.get(reverse("dashboard")).content.decode()
    assert reverse("mines:list") in operator_page
    assert reverse("mines:review_queue") not in operator_page
    reviewer_page = reviewer_client.get(reverse("dashboard"))
    assert reverse("mines:review_queue") in reviewer_page.content.decode()
    titles = {str(panel.title): panel.value for panel in reviewer_page.context["panels"]}
    assert titles["Registrations to review"] == 1


def test_role_permissions_are_granted():
    sync_role_permissions()
    operator = set(Group.objects.get(name="operator").permissions.values_list("codename", flat=True))
    reviewer = set(Group.objects.get(name="reviewer").permissions.values_list("codename", flat=True))
    assert {
        "add_mine",
        "change_mine",
        "view_mine",
        "add_productionreport",
        "view_productionreport",
    } <= operator
    assert "delete_mine" not in operator
    assert {"view_mine", "change_mine", "view_productionreport", "view_mineral"} <= reviewer


def test_admin_pages_render():
    client = Client()
    client.force_login(AdminFactory())
    mine = MineFactory()
    for url in (
        reverse("admin:mines_mine_changelist") + "?q=Mine",
        reverse("admin:mines_mine_change", args=[mine.pk]),
        reverse("admin:mines_mine_history", args=[mine.pk]),
        reverse("admin:mines_productionreport_changelist"),
        reverse("admin:mines_mineral_changelist"),
        reverse("admin:mines_mineevent_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_admin_verify_action_calls_the_service():
    client = Client()
    client.force_login(AdminFactory())
    mine = PendingMineFactory()
    client.post(
        reverse("admin:mines_mine_changelist"), {"action": "verify_selected", "_selected_action": [mine.pk]}
    )
    mine.refresh_from_db()
    assert mine.verification_status == Verification.VERIFIED
    assert mine.events.filter(kind="verified").exists()


def test_demo_seed_is_quick_and_covers_every_state():
    from mines import demo

    users = {name: OperatorFactory(username=name) for name in ("operator", "operator2")}
    users["reviewer"] = ReviewerFactory(username="reviewer")
    started = time.monotonic()
    demo.seed(users=users, stdout=io.StringIO())
    assert time.monotonic() - started < 15
    assert Mine.objects.count() == demo.MINE_COUNT
    assert set(Mine.objects.values_list("revival_stage", flat=True)) == set(RevivalStage.values)
    assert set(Mine.objects.values_list("verification_status", flat=True)) == set(Verification.values)
    assert Mine.objects.values("province").distinct().count() > 20
    assert Mine.objects.values("primary_mineral").distinct().count() > 10
    assert ProductionReport.objects.count() > 300
    own = Mine.objects.filter(operator=users["operator"])
    assert own.eligible().count() >= 2 and own.licence_expired().exists()
    assert Mine.objects.filter(operator=users["operator2"]).count() >= 3
    for mine in Mine.objects.all()[:200]:
        mine.full_clean()
