"""The form staff use to request a report for a Jalali month or an Iranian fiscal year."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revival_portal.core.calendar import JALALI_MONTHS
from revival_portal.forms import BootstrapFormMixin
from revival_portal.reports.choices import PeriodKind
from revival_portal.reports.periods import MAX_JALALI_YEAR, MIN_JALALI_YEAR
from revival_portal.reports.services import previous_jalali_month


class ReportRequestForm(BootstrapFormMixin, forms.Form):
    """Period of a report; the month is needed for a monthly report only."""

    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.MONTH)
    jalali_year = forms.IntegerField(
        label=_("Year (Jalali)"),
        min_value=MIN_JALALI_YEAR,
        max_value=MAX_JALALI_YEAR,
        help_text=_("For example 1404."),
    )
    jalali_month = forms.TypedChoiceField(
        label=_("Month"),
        choices=[("", "—"), *((n, name) for n, name in enumerate(JALALI_MONTHS, start=1))],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, data=None, *args, **kwargs):
        # Persian and Arabic digits in the year are read by BootstrapFormMixin (as in every number field).
        # A monthly report is the default, so the form opens on the last complete month: it can be sent as is.
        year, month = previous_jalali_month(timezone.localdate())
        kwargs.setdefault("initial", {"jalali_year": year, "jalali_month": month})
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period_kind") == PeriodKind.MONTH and not cleaned.get("jalali_month"):
            self.add_error("jalali_month", _("Choose the month of a monthly report."))
        if cleaned.get("period_kind") == PeriodKind.FISCAL_YEAR:
            cleaned["jalali_month"] = None
        return cleaned
