"""A signed-in request pays at most three queries for session, user, roles, permissions and the unread count,
and a change of roles, permissions, activity or notifications shows on the very next request."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import checks
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from revival_portal.accounts.access import user_access
from revival_portal.accounts.checks import shared_cache_check
from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role
from revival_portal.notifications.models import Notification
from revival_portal.notifications.services import notify
from tests.factories import (
    AdminFactory,
    FundOfficerFactory,
    OperatorFactory,
    PartnerFactory,
    RepresentativeFactory,
    ReviewerFactory,
    UserFactory,
    signed_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.lean_urls")]

OVERHEAD_BUDGET = 3
# The tables the per-request overhead reads; a page's own queries read others.
OVERHEAD_TABLES = re.compile(
    r'\bFROM "(django_session|accounts_user|accounts_user_groups|accounts_user_user_permissions|auth_group'
    r'|auth_group_permissions|auth_permission|notifications_notification|associations_investor)"'
)

ROLE_PAGES = {
    OperatorFactory: ["dashboard", "mines:list", "financing:application_list", "equipment:request_list"],
    ReviewerFactory: ["dashboard", "mines:list", "mines:review_queue", "financing:application_list"],
    FundOfficerFactory: ["dashboard", "financing:loan_list", "financing:awaiting_contract"],
    PartnerFactory: ["dashboard", "associations:offer_list"],
    RepresentativeFactory: ["dashboard", "associations:membership_list", "associations:session_list"],
    AdminFactory: ["dashboard", "mines:list", "reports:list"],
}


def _queries(client, url):
    client.get(url)  # the first request after sign-in fills the caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("factory", list(ROLE_PAGES), ids=lambda f: f.__name__.removesuffix("Factory"))
def test_the_bare_signed_in_page_costs_at_most_three_queries_for_every_role(factory):
    user = factory()
    notify(recipients=user, kind="test", subject="Hello", send_email=False)
    client = signed_in(user)

    queries = _queries(client, reverse("bare"))

    assert len(queries) <= OVERHEAD_BUDGET, queries
    # What those queries are: the session and the user row, nothing about roles, permissions or notifications.
    assert [OVERHEAD_TABLES.search(sql).group(1) for sql in queries] == ["django_session", "accounts_user"]
    response = client.get(reverse("bare"))
    assert response.context["unread_notification_count"] == 1
    assert response.context["user_role"] == (Role.ADMIN if factory is AdminFactory else user.primary_role)


@pytest.mark.parametrize(
    ("factory", "url_name"),
    [(factory, name) for factory, names in ROLE_PAGES.items() for name in names],
    ids=lambda value: value if isinstance(value, str) else value.__name__.removesuffix("Factory"),
)
def test_real_pages_spend_at_most_three_queries_on_the_overhead_tables(factory, url_name):
    client = signed_in(factory())

    queries = _queries(client, reverse(url_name))

    overhead = [sql for sql in queries if OVERHEAD_TABLES.search(sql)]
    assert len(overhead) <= OVERHEAD_BUDGET, overhead
    assert not [sql for sql in queries if re.search(r'"auth_(group|permission)', sql)], queries


def test_the_first_request_reads_roles_and_permissions_and_the_next_ones_do_not():
    client = signed_in(ReviewerFactory())
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("bare"))
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("bare"))
    assert any('"auth_group"' in query["sql"] for query in first.captured_queries)
    assert len(second.captured_queries) < len(first.captured_queries)


# --- Invalidation: the very next request sees the change ------------------------------------------------


def test_a_reviewer_whose_group_is_removed_is_refused_on_the_next_request():
    reviewer = ReviewerFactory()
    client = signed_in(reviewer)
    assert client.get(reverse("mines:review_queue")).status_code == 200

    # An administrator removes the role through another copy of the user, as the admin site does.
    User.objects.get(pk=reviewer.pk).groups.remove(Group.objects.get(name=Role.REVIEWER))

    assert client.get(reverse("mines:review_queue")).status_code == 403


def test_removing_members_from_the_group_side_is_seen_on_the_next_request():
    reviewer = ReviewerFactory()
    client = signed_in(reviewer)
    assert client.get(reverse("mines:review_queue")).status_code == 200

    Group.objects.get(name=Role.REVIEWER).user_set.remove(reviewer)
    assert client.get(reverse("mines:review_queue")).status_code == 403

    Group.objects.get(name=Role.REVIEWER).user_set.add(reviewer)
    assert client.get(reverse("mines:review_queue")).status_code == 200

    Group.objects.get(name=Role.REVIEWER).user_set.clear()
    assert client.get(reverse("mines:review_queue")).status_code == 403


def test_a_stale_copy_of_the_user_saved_after_the_change_does_not_bring_the_old_roles_back():
    reviewer = ReviewerFactory()
    client = signed_in(reviewer)
    stale = User.objects.get(pk=reviewer.pk)
    assert client.get(reverse("mines:review_queue")).status_code == 200

    Group.objects.get(name=Role.REVIEWER).user_set.remove(reviewer)
    stale.first_name = "Renamed"
    stale.save()

    assert client.get(reverse("mines:review_queue")).status_code == 403
    assert User.objects.get(pk=reviewer.pk).first_name == "Renamed"


def test_a_permission_removed_from_the_group_is_refused_on_the_next_request():
    client = signed_in(FundOfficerFactory())
    assert client.get(reverse("financing:awaiting_contract")).status_code == 200

    contract = Permission.objects.get(content_type__app_label="financing", codename="contract_loan")
    Group.objects.get(name=Role.FUND_OFFICER).permissions.remove(contract)

    assert client.get(reverse("financing:awaiting_contract")).status_code == 403


def test_a_personal_permission_granted_and_removed_takes_effect_on_the_next_request():
    operator = OperatorFactory()
    client = signed_in(operator)
    assert client.get(reverse("financing:awaiting_contract")).status_code == 403

    contract = Permission.objects.get(content_type__app_label="financing", codename="contract_loan")
    User.objects.get(pk=operator.pk).user_permissions.add(contract)
    assert client.get(reverse("financing:awaiting_contract")).status_code == 200

    contract.user_set.remove(operator)
    assert client.get(reverse("financing:awaiting_contract")).status_code == 403


def test_a_renamed_role_group_is_seen_on_the_next_request():
    reviewer = ReviewerFactory()
    client = signed_in(reviewer)
    assert client.get(reverse("mines:review_queue")).status_code == 200

    group = Group.objects.get(name=Role.REVIEWER)
    group.name = "former reviewers"
    group.save()

    assert client.get(reverse("mines:review_queue")).status_code == 403


def test_a_deactivated_person_is_signed_out_on_the_next_request():
    reviewer = ReviewerFactory()
    client = signed_in(reviewer)
    assert client.get(reverse("mines:review_queue")).status_code == 200

    # Even a bulk update, which sends no signal, takes effect: activity is read from the row every time.
    User.objects.filter(pk=reviewer.pk).update(is_active=False)

    response = client.get(reverse("mines:review_queue"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert client.get(reverse("bare")).status_code == 302


def test_a_superuser_demoted_loses_the_administrator_role_on_the_next_request():
    admin = UserFactory(is_superuser=True, is_staff=True)  # in no role group: administrator by the flag
    client = signed_in(admin)
    assert client.get(reverse("bare")).context["user_role"] == Role.ADMIN

    User.objects.filter(pk=admin.pk).update(is_superuser=False)

    assert client.get(reverse("bare")).context["user_role"] is None
    assert user_access(User.objects.get(pk=admin.pk))["group"] == []


def test_the_unread_count_follows_new_and_read_notifications():
    operator = OperatorFactory()
    client = signed_in(operator)
    assert client.get(reverse("bare")).context["unread_notification_count"] == 0

    notify(recipients=operator, kind="test", subject="First", send_email=False)
    notify(recipients=operator, kind="test", subject="Second", send_email=False)
    response = client.get(reverse("bare"))
    assert response.context["unread_notification_count"] == 2
    assert 'id="unread-count"' in response.content.decode()

    first = Notification.objects.get(recipient=operator, subject="First")
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert client.get(reverse("bare")).context["unread_notification_count"] == 1

    client.post(reverse("notifications:mark_all_read"))
    response = client.get(reverse("bare"))
    assert response.context["unread_notification_count"] == 0
    assert 'id="unread-count"' not in response.content.decode()

    Notification.objects.create(recipient=operator, kind="test", subject="Third")
    assert client.get(reverse("bare")).context["unread_notification_count"] == 1
    Notification.objects.filter(recipient=operator, subject="Third").get().delete()
    assert client.get(reverse("bare")).context["unread_notification_count"] == 0


def test_a_notification_for_someone_else_does_not_change_the_count():
    operator, other = OperatorFactory(), OperatorFactory()
    client = signed_in(operator)
    notify(recipients=operator, kind="test", subject="Mine", send_email=False)
    assert client.get(reverse("bare")).context["unread_notification_count"] == 1

    notify(recipients=other, kind="test", subject="Theirs", send_email=False)

    assert client.get(reverse("bare")).context["unread_notification_count"] == 1


# --- The cache must be shared by every worker ----------------------------------------------------------


def test_a_process_local_cache_outside_development_is_an_error(settings):
    settings.DEBUG = False
    settings.CACHE_PROCESS_LOCAL_ALLOWED = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    errors = shared_cache_check()

    assert [error.id for error in errors] == ["accounts.E001"]
    assert errors[0].level == checks.ERROR


def test_a_shared_cache_or_development_passes_the_check(settings):
    settings.DEBUG = False
    settings.CACHE_PROCESS_LOCAL_ALLOWED = False
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}
    }
    assert shared_cache_check() == []

    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert shared_cache_check() == []


def test_an_unreachable_cache_costs_queries_never_an_error(settings, caplog):
    reviewer = ReviewerFactory()
    notify(recipients=reviewer, kind="test", subject="Hello", send_email=False)
    client = signed_in(reviewer)
    # Nothing listens on port 1: every cache call fails at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    response = client.get(reverse("mines:review_queue"))

    assert response.status_code == 200
    assert response.context["unread_notification_count"] == 1
    assert "cache unreachable" in caplog.text
    Group.objects.get(name=Role.REVIEWER).user_set.remove(reviewer)
    assert client.get(reverse("mines:review_queue")).status_code == 403


def test_an_api_token_follows_a_removed_role_on_the_next_request():
    from revival_portal.accounts.tokens import api_token_create
    from tests.financing.factories import submitted_application

    submitted_application()
    reviewer = ReviewerFactory()
    _token, secret = api_token_create(actor=reviewer, user=reviewer, name="script", lifetime_days=30)
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/loan-applications/", **headers).json()["count"] == 1

    Group.objects.get(name=Role.REVIEWER).user_set.remove(reviewer)

    assert client.get("/api/v1/loan-applications/", **headers).json()["count"] == 0
