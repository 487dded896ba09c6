"""The portal's admin site: for administrators only, never a path around the services or the seals.

Every ModelAdmin registered here (with ``@admin.register``) is wrapped in ``GuardedModelAdmin``:

- only an active user holding the administrator role may enter (reviewers and fund officers work in the
  portal's own pages, where the services and the sealing rules apply);
- a business object (mines, financing, equipment, notifications, reports) is read-only unless its
  ModelAdmin says ``writes_through_services = True`` and saves through its service;
- a field a model lists in ``admin_sealed_fields`` (a bid's price before closing, a password hash) is never
  shown, sorted, searched or filtered: any lookup whose path reaches it is refused with 400, whoever asks.
"""

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

from revival_portal.accounts.roles import Role

BUSINESS_APPS = frozenset({"mines", "financing", "equipment", "notifications", "reports"})


def sealed_fields(model) -> frozenset[str]:
    """The field names ``model`` keeps out of the admin's lists, searches, filters and ordering."""
    return frozenset(getattr(model, "admin_sealed_fields", ()))


def lookup_reaches_sealed_field(model, lookup: str) -> bool:
    """True when following ``lookup`` (``bids__price_rials__gte``) from ``model`` touches a sealed field."""
    current = model
    for part in lookup.lstrip("-").split(LOOKUP_SEP):
        if part == "pk":
            part = current._meta.pk.name
        if part in sealed_fields(current):
            return True
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a lookup such as gte/isnull: the path has ended
        if not field.is_relation or field.related_model is None:
            return False
        current = field.related_model
    return False


def _search_field_path(name: str) -> str:
    return name.lstrip("^=@")


class GuardedModelAdmin:
    """Mixed in front of every registered ModelAdmin by ``PortalAdminSite.register``."""

    def _is_business_object(self) -> bool:
        # Read from the wrapped ModelAdmin: this mixin comes first in the MRO and must not shadow it.
        writes_through_services = getattr(self, "writes_through_services", False)
        return self.model._meta.app_label in BUSINESS_APPS and not writes_through_services

    def has_add_permission(self, request, *args):
        return not self._is_business_object() and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self._is_business_object() and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.model._meta.app_label not in BUSINESS_APPS and super().has_delete_permission(request, obj)

    def _open(self, names):
        return [name for name in names if not self._sealed_path(name)]

    def _sealed_path(self, name) -> bool:
        if not isinstance(name, str):
            # A list filter given as (field, FilterClass) or a SimpleListFilter class.
            name = name[0] if isinstance(name, tuple | list) else getattr(name, "parameter_name", "")
        return lookup_reaches_sealed_field(self.model, _search_field_path(name))

    def get_list_display(self, request):
        return self._open(super().get_list_display(request))

    def get_list_filter(self, request):
        return self._open(super().get_list_filter(request))

    def get_search_fields(self, request):
        return self._open(super().get_search_fields(request))

    def get_ordering(self, request):
        return self._open(super().get_ordering(request) or ())

    def get_sortable_by(self, request):
        return self._open(super().get_sortable_by(request))

    def lookup_allowed(self, lookup, value, request=None):
        if lookup_reaches_sealed_field(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_changelist_instance(self, request):
        for name in request.GET:
            if lookup_reaches_sealed_field(self.model, name):
                raise DisallowedModelAdminLookup(f"Filtering by {name} not allowed")
        return super().get_changelist_instance(request)


class PortalAdminSite(admin.AdminSite):
    """The default admin site of the portal (installed through ``PortalAdminConfig``)."""

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and user.has_role(Role.ADMIN)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, GuardedModelAdmin):
            admin_class = type(admin_class.__name__, (GuardedModelAdmin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)
