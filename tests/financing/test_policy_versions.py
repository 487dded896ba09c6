"""Rate policies are versions: once a decision or a loan relied on one it is never edited or deleted —
refused by the admin, the API, the service, the model and (PostgreSQL) a trigger; a change is a new
policy with its own effective date."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from financing import services
from financing.models import RatePolicy
from financing.rates import policy_in_force
from tests.factories import AdminFactory
from tests.financing.factories import RatePolicyFactory, approved_application, contracted_loan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def referenced():
    """A policy (cap 15 %) that a decision and a loan relied on."""
    policy = RatePolicyFactory(cap=Decimal("15.00"))
    loan = contracted_loan(rate=Decimal("12.00"), proposed_rate=Decimal("12.00"))
    assert loan.rate_policy == policy and loan.application.decision.rate_policy == policy
    return policy


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory())
    return client


def test_a_fresh_policy_can_be_corrected_through_the_service():
    policy = RatePolicyFactory(cap=Decimal("15.00"))
    assert not policy.is_referenced
    services.rate_policy_update(policy=policy, actor=AdminFactory(), cap=Decimal("14.00"))
    policy.refresh_from_db()
    assert policy.cap == Decimal("14.00")


def test_the_service_refuses_to_edit_a_referenced_policy(referenced):
    assert referenced.is_referenced
    with pytest.raises(ValidationError, match="new policy"):
        services.rate_policy_update(policy=referenced, actor=AdminFactory(), cap=Decimal("9.00"))
    referenced.refresh_from_db()
    assert referenced.cap == Decimal("15.00")
    with pytest.raises(ValidationError):
        referenced.full_clean()


def test_no_policy_can_be_deleted(referenced):
    with pytest.raises(PermissionDenied):
        referenced.delete()
    with pytest.raises(PermissionDenied):
        RatePolicy.objects.filter(pk=referenced.pk).delete()
    assert RatePolicy.objects.filter(pk=referenced.pk).exists()


def test_the_admin_shows_a_referenced_policy_read_only(referenced, admin_client):
    url = reverse("admin:financing_ratepolicy_change", args=[referenced.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="cap"' not in page.content  # a view, not a form
    response = admin_client.post(
        url,
        {
            "cap": "9.00",
            "effective_from": str(referenced.effective_from),
            "legal_reference": "rewritten",
        },
    )
    assert response.status_code == 403
    referenced.refresh_from_db()
    assert referenced.cap == Decimal("15.00")
    delete = reverse("admin:financing_ratepolicy_delete", args=[referenced.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert RatePolicy.objects.filter(pk=referenced.pk).exists()


def test_the_admin_edits_and_adds_policies_through_the_services(admin_client):
    policy = RatePolicyFactory(cap=Decimal("15.00"), effective_from=timezone.localdate())
    url = reverse("admin:financing_ratepolicy_change", args=[policy.pk])
    data = {
        "cap": "14.50",
        "penalty_rate": "5.00",
        "effective_from": str(policy.effective_from),
        "legal_reference": "Res. 2",
    }
    assert admin_client.post(url, data).status_code == 302
    policy.refresh_from_db()
    assert (policy.cap, policy.penalty_rate) == (Decimal("14.50"), Decimal("5.00"))
    add = reverse("admin:financing_ratepolicy_add")
    later = {
        "cap": "13.00",
        "penalty_rate": "6.00",
        "effective_from": str(timezone.localdate() + dt.timedelta(days=10)),
        "legal_reference": "Res. 3",
    }
    assert admin_client.post(add, later).status_code == 302
    assert RatePolicy.objects.get(legal_reference="Res. 3").created_by is not None


def test_the_api_has_no_way_to_change_or_delete_a_policy(referenced):
    client = APIClient()
    client.force_authenticate(AdminFactory())
    url = f"/api/v1/rate-policies/{referenced.pk}/"
    assert client.put(url, {"cap": "9.00"}, format="json").status_code == 405
    assert client.patch(url, {"cap": "9.00"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405
    referenced.refresh_from_db()
    assert referenced.cap == Decimal("15.00")


def test_a_change_is_a_new_policy_from_its_own_date(referenced):
    admin = AdminFactory()
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="after that day"):  # no rewriting of days already decided
        services.rate_policy_create(
            actor=admin, cap=Decimal("9.00"), effective_from=today, legal_reference="Backdated"
        )
    newer = services.rate_policy_create(
        actor=admin,
        cap=Decimal("9.00"),
        effective_from=today + dt.timedelta(days=1),
        legal_reference="Res. 9",
    )
    assert policy_in_force(today) == referenced
    assert policy_in_force(today + dt.timedelta(days=1)) == newer
    referenced.refresh_from_db()
    assert referenced.cap == Decimal("15.00") and referenced.effective_to is None


@pytest.mark.postgres
def test_postgresql_refuses_any_update_or_delete_of_a_referenced_policy(referenced):
    statements = [
        ("UPDATE financing_ratepolicy SET cap = 9.00 WHERE id = %s", [referenced.pk]),
        ("UPDATE financing_ratepolicy SET legal_reference = legal_reference WHERE id = %s", [referenced.pk]),
        ("DELETE FROM financing_ratepolicy WHERE id = %s", [referenced.pk]),
    ]
    for sql, params in statements:
        with pytest.raises(IntegrityError, match="relied on"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, params)
    referenced.refresh_from_db()
    assert referenced.cap == Decimal("15.00")
    unreferenced = RatePolicyFactory(cap=Decimal("10.00"), effective_from=dt.date(2020, 1, 1))
    unreferenced.effective_to = dt.date(2020, 12, 31)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE financing_ratepolicy SET cap = 9.50 WHERE id = %s", [unreferenced.pk])
    unreferenced.refresh_from_db()
    assert unreferenced.cap == Decimal("9.50")


def test_a_decision_records_the_policy_it_passed():
    policy = RatePolicyFactory(cap=Decimal("16.00"))
    application = approved_application(proposed_rate=Decimal("15.00"), rate=Decimal("15.99"))
    assert application.decision.rate_policy == policy
    assert policy.is_referenced
