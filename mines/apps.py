from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinesConfig(AppConfig):
    name = "mines"
    verbose_name = _("Mines")
