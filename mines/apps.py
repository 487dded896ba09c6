from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.roles import Role


class MinesConfig(AppConfig):
    name = "mines"
    verbose_name = _("Mines")
    role_permissions = {
        Role.OPERATOR: [
            "add_mine",
            "change_mine",
            "view_mine",
            "add_productionreport",
            "view_productionreport",
        ],
        Role.REVIEWER: [
            "view_mine",
            "change_mine",
            "view_productionreport",
            "view_mineral",
            "view_mineevent",
        ],
        Role.FUND_OFFICER: ["view_mine", "view_productionreport", "view_mineral"],
        Role.ADMIN: [
            f"{verb}_{model}"
            for model in ("mine", "mineral", "productionreport", "mineevent")
            for verb in ("add", "change", "delete", "view")
        ],
    }

    def ready(self) -> None:
        from mines.models import Mineral
        from mines.reference import minerals_keep
        from revival_portal.core import reference_choices

        post_migrate.connect(minerals_keep, sender=self, dispatch_uid="mines.minerals_keep")
        reference_choices.watch(Mineral)
