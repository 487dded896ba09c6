from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.roles import Role

MODELS = (
    "association",
    "representative",
    "membership",
    "endorsementpolicy",
    "endorsement",
    "reviewsession",
    "agendaitem",
    "invitation",
    "opinion",
    "investor",
    "offer",
    "associationevent",
)


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = _("Associations and investors")

    # Model permissions per role (admin site and the API's write permission); rows are scoped by for_user().
    role_permissions = {
        Role.OPERATOR: [
            "view_association",
            "add_membership",
            "view_membership",
            "view_endorsement",
            "view_offer",
            "add_offer",
            "view_investor",
        ],
        Role.ASSOCIATION_REPRESENTATIVE: [
            "view_association",
            "view_membership",
            "change_membership",
            "view_endorsement",
            "add_endorsement",
            "view_reviewsession",
            "view_opinion",
            "add_opinion",
        ],
        Role.PARTNER: ["view_offer", "add_offer"],
        Role.REVIEWER: [
            *(f"view_{model}" for model in MODELS),
            "add_reviewsession",
            "change_reviewsession",
        ],
        Role.FUND_OFFICER: [*(f"view_{model}" for model in MODELS), "add_opinion"],
        Role.ADMIN: [
            *(f"{verb}_{model}" for model in MODELS for verb in ("view", "add", "change")),
        ],
    }

    def ready(self) -> None:
        import associations.navigation  # noqa: F401 - keeps the cached investor menu entries exact
        from associations.panels import application_panel, unit_request_panel
        from associations.services.endorsements import endorsement_required_check
        from equipment.extensions import register_request_panel
        from financing.extensions import register_application_panel, register_review_entry_check

        register_review_entry_check(endorsement_required_check)
        register_application_panel(application_panel)
        register_request_panel(unit_request_panel)
