"""Roles are groups created by migration, granted their permissions after migrate."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role, role_permissions, sync_role_permissions
from tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_each_group_holds_exactly_its_grants():
    sync_role_permissions()
    for role, names in role_permissions().items():
        group = Group.objects.get(name=role)
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert held == names


def test_operators_hold_no_staff_permission():
    operator = OperatorFactory()
    assert not operator.has_perm("accounts.change_user")
    assert operator.is_operator and not operator.is_programme_staff


def test_create_staff_user_command_creates_a_user_in_the_role():
    call_command(
        "create_staff_user", "reza", role="reviewer", email="reza@example.ir", password="Strong-pass-1404"
    )
    user = User.objects.get(username="reza")
    assert user.role_names == {Role.REVIEWER}
    assert not user.is_staff and not user.is_superuser
    assert user.check_password("Strong-pass-1404")


def test_create_staff_user_refuses_a_duplicate_with_a_message():
    OperatorFactory(username="reza", email="reza@example.ir")
    with pytest.raises(CommandError, match="username"):
        call_command(
            "create_staff_user",
            "reza",
            role="reviewer",
            email="other@example.ir",
            password="Strong-pass-1404",
        )


def test_the_migration_leaves_staff_status_to_administrators_only():
    import importlib

    from django.apps import apps

    from tests.factories import AdminFactory, FundOfficerFactory, ReviewerFactory

    migration = importlib.import_module("revival_portal.accounts.migrations.0003_api_tokens_admin_staff")
    reviewer, officer = ReviewerFactory(is_staff=True), FundOfficerFactory(is_staff=True)
    administrator, superuser = AdminFactory(), User.objects.create_superuser("root", "root@example.ir", "x")
    migration.only_administrators_are_staff(apps, None)
    staff = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {administrator.username, superuser.username}
    assert reviewer.username not in staff and officer.username not in staff
