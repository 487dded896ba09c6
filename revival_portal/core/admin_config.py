"""The admin application with the portal's guarded site (see ``admin_site``)."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Administrators only, seals kept, business objects changed through their services."""

    default = False
    default_site = "revival_portal.core.admin_site.PortalAdminSite"
