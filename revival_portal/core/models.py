"""Reference data models: the provinces of Iran."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .provinces import IRAN_BOUNDING_BOX


class Province(models.Model):
    """A province of Iran, keyed by its ISO 3166-2:IR code and loaded by a data migration."""

    code = models.CharField(
        _("code"), max_length=5, primary_key=True, help_text=_("ISO 3166-2:IR code, e.g. IR-23.")
    )
    name_fa = models.CharField(_("Persian name"), max_length=64, unique=True)
    name_en = models.CharField(_("English name"), max_length=64, unique=True)
    latitude = models.FloatField(
        _("latitude"),
        validators=[
            MinValueValidator(IRAN_BOUNDING_BOX.min_lat),
            MaxValueValidator(IRAN_BOUNDING_BOX.max_lat),
        ],
    )
    longitude = models.FloatField(
        _("longitude"),
        validators=[
            MinValueValidator(IRAN_BOUNDING_BOX.min_lon),
            MaxValueValidator(IRAN_BOUNDING_BOX.max_lon),
        ],
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """Return the province's name in the active language (Persian on Persian pages, else English)."""
        language = get_language() or ""
        return self.name_fa if language.lower().startswith("fa") else self.name_en
