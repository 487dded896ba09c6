from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.roles import Role

MODELS = ("unittype", "processingunit", "unitrequest", "booking", "tender", "bid", "award", "equipmentevent")


class EquipmentConfig(AppConfig):
    name = "equipment"
    verbose_name = _("Processing units")

    # Model permissions per role (admin site and the API's write permission); rows are scoped by for_user().
    role_permissions = {
        Role.OPERATOR: ["view_unitrequest", "add_unitrequest", "view_booking"],
        Role.REVIEWER: [
            *(f"view_{model}" for model in MODELS),
            "add_unittype",
            "change_unittype",
            "add_processingunit",
            "change_processingunit",
            "change_unitrequest",
            "add_booking",
            "change_booking",
            "add_tender",
            "change_tender",
        ],
        Role.FUND_OFFICER: [f"view_{model}" for model in MODELS],
        Role.PARTNER: ["view_tender", "view_bid", "add_bid"],
        Role.ADMIN: [f"{verb}_{model}" for model in MODELS for verb in ("view", "add", "change", "delete")],
    }

    def ready(self) -> None:
        from equipment.models import UnitType
        from revival_portal.core import reference_choices

        reference_choices.watch(UnitType)
