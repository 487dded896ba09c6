"""The shared role checks."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from revival_portal.accounts.permissions import is_reviewer, require_reviewer, role_required
from revival_portal.accounts.roles import Role
from tests.factories import AdminFactory, FundOfficerFactory, OperatorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


def test_reviewers_and_administrators_count_as_reviewers():
    assert is_reviewer(ReviewerFactory())
    assert is_reviewer(AdminFactory())
    assert not is_reviewer(FundOfficerFactory())
    assert not is_reviewer(OperatorFactory())
    assert not is_reviewer(AnonymousUser())
    assert not is_reviewer(ReviewerFactory(is_active=False))


def test_require_reviewer_refuses_with_a_message():
    with translation.override("en"), pytest.raises(PermissionDenied, match="Only programme reviewers"):
        require_reviewer(OperatorFactory())
    require_reviewer(ReviewerFactory())


def test_role_required_gates_a_view():
    view = role_required(Role.PARTNER)(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/")
    request.user = OperatorFactory()
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = AdminFactory()
    assert view(request).status_code == 200
    request.user = AnonymousUser()
    assert view(request).status_code == 302
