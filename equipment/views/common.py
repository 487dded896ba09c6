"""Helpers shared by the equipment views: the reviewer gate (service refusals go through call_service)."""

from revival_portal.accounts.permissions import role_required
from revival_portal.accounts.roles import Role

reviewer_required = role_required(Role.REVIEWER)
