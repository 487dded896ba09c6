from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "revival_portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        import revival_portal.accounts.access
        import revival_portal.accounts.checks
        import revival_portal.schema  # noqa: F401 - registers the token scheme with the schema generator
        from revival_portal.accounts.roles import sync_role_permissions

        # Permissions are created in post_migrate, so the role grants are kept in step there too.
        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
