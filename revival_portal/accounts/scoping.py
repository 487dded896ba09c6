"""Object-level scoping: what each person may see of a model, written once for every owned model."""

from django.db import models

from revival_portal.accounts.roles import Role


class OwnedQuerySet(models.QuerySet):
    """Rows that belong to one person: the owner sees theirs, programme staff see all, anyone else none.

    A subclass names the path to the owner (``owner_field = "mine__operator"``) and, when the owner is not
    an operator, the owner's role.
    """

    owner_field: str = ""
    owner_role: str = Role.OPERATOR

    def for_user(self, user):
        """The rows ``user`` may see; a foreign id is then simply not found (404)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_staff:
            return self.all()
        if user.has_role(self.owner_role):
            return self.filter(**{self.owner_field: user})
        return self.none()
