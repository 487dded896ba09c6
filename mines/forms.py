"""Forms of the mine registry; each one leaves the rules to the model and the services."""

from __future__ import annotations

import datetime as dt

import jdatetime
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mines.choices import RevivalStage
from mines.models import Mine, Mineral, ProductionReport
from mines.services import OPERATING_FIGURE_FIELDS, REGISTRATION_FIELDS
from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role
from revival_portal.core.bounded import NOTE_MAX_LENGTH
from revival_portal.core.calendar import JALALI_MONTHS, jalali_period_label
from revival_portal.core.fields import CalendarDateField
from revival_portal.core.models import Province
from revival_portal.core.text import normalize_persian
from revival_portal.forms import BootstrapFormMixin


class MineForm(BootstrapFormMixin, forms.ModelForm):
    """Register a mine, or correct a pending registration."""

    licence_issued_on = CalendarDateField(label=_("licence issued on"))
    licence_expires_on = CalendarDateField(label=_("licence expires on"))

    class Meta:
        model = Mine
        fields = [*REGISTRATION_FIELDS, "other_minerals"]
        widgets = {
            "other_minerals": forms.SelectMultiple(attrs={"size": 6}),
            "latitude": forms.NumberInput(attrs={"step": "0.00001", "dir": "ltr"}),
            "longitude": forms.NumberInput(attrs={"step": "0.00001", "dir": "ltr"}),
        }
        help_texts = {
            "latitude": _("Decimal degrees north, for example 33.33"),
            "longitude": _("Decimal degrees east, for example 53.70"),
        }

    def clean_licence_number(self) -> str:
        # Normalised before the uniqueness check, so "EXP-۱۴۰۲" and "exp-1402" are the same licence.
        return (normalize_persian(self.cleaned_data["licence_number"]) or "").upper()

    def clean(self):
        cleaned = super().clean()
        primary = cleaned.get("primary_mineral")
        if primary and primary in (cleaned.get("other_minerals") or []):
            cleaned["other_minerals"] = [m for m in cleaned["other_minerals"] if m != primary]
        return cleaned


class MineImportRowForm(MineForm):
    """One row of the programme's spreadsheet: references by code and username instead of ids."""

    operator = forms.ModelChoiceField(
        label=_("operator"),
        queryset=User.objects.with_role(Role.OPERATOR),
        to_field_name="username",
        error_messages={"invalid_choice": _("No operator with this username.")},
    )
    province = forms.ModelChoiceField(
        label=_("province"),
        queryset=Province.objects.all(),
        error_messages={"invalid_choice": _("Unknown province code (use IR-00 to IR-30).")},
    )
    primary_mineral = forms.ModelChoiceField(
        label=_("primary mineral"),
        queryset=Mineral.objects.all(),
        to_field_name="code",
        error_messages={"invalid_choice": _("Unknown mineral code.")},
    )
    other_minerals = forms.ModelMultipleChoiceField(
        label=_("other minerals"),
        queryset=Mineral.objects.all(),
        to_field_name="code",
        required=False,
        error_messages={"invalid_choice": _("Unknown mineral code: %(value)s.")},
    )
    revival_stage = forms.ChoiceField(label=_("revival stage"), choices=RevivalStage.choices, required=False)

    class Meta(MineForm.Meta):
        fields = ["operator", *REGISTRATION_FIELDS, "other_minerals", "revival_stage"]


class MineFiguresForm(BootstrapFormMixin, forms.ModelForm):
    """The operating figures an operator keeps current after verification."""

    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH, label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Mine
        fields = list(OPERATING_FIGURE_FIELDS)


class VerifyForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH, label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for rejecting the registration.")},
    )


class StageChangeForm(BootstrapFormMixin, forms.Form):
    stage = forms.ChoiceField(label=_("revival stage"), choices=RevivalStage.choices)
    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH, label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, mine: Mine, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [c for c in RevivalStage.choices if c[0] != mine.revival_stage]


def previous_jalali_month(today: dt.date | None = None) -> tuple[int, int]:
    """The month a report is usually filed for: the one that just ended."""
    jtoday = jdatetime.date.fromgregorian(date=today or timezone.localdate())
    return (jtoday.year, jtoday.month - 1) if jtoday.month > 1 else (jtoday.year - 1, 12)


def unfiled_month(filed: set[tuple[int, int]], today: dt.date | None = None) -> tuple[int, int]:
    """The most recent of the last twelve complete months with no report yet (else the last month)."""
    year, month = latest = previous_jalali_month(today)
    for _step in range(12):
        if (year, month) not in filed:
            return year, month
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return latest


class ProductionReportForm(BootstrapFormMixin, forms.ModelForm):
    """What a mine produced in one Jalali month."""

    period_month = forms.TypedChoiceField(
        label=_("month (Jalali)"),
        coerce=int,
        choices=[(number, name) for number, name in enumerate(JALALI_MONTHS, start=1)],
    )

    class Meta:
        model = ProductionReport
        fields = ["period_year", "period_month", "jobs", "tonnes_mined", "tonnes_sold", "revenue_rials"]

    def __init__(self, *args, mine: Mine, **kwargs):
        kwargs.setdefault("instance", ProductionReport(mine=mine))
        filed = set(mine.production_reports.values_list("period_year", "period_month"))
        if not kwargs.get("data") and not (args and args[0]):
            year, month = unfiled_month(filed)
            kwargs.setdefault("initial", {"period_year": year, "period_month": month, "jobs": mine.jobs_now})
        super().__init__(*args, **kwargs)
        # Shown beside the form, so nobody files a month twice.
        self.filed_periods = [jalali_period_label(year, month) for year, month in sorted(filed, reverse=True)]


class MineImportForm(BootstrapFormMixin, forms.Form):
    """Upload of the programme's spreadsheet of mines (CSV, UTF-8)."""

    ALL_OR_NOTHING = "all_or_nothing"
    VALID_ROWS = "valid_rows"

    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8 CSV with the columns of the export."))
    mode = forms.ChoiceField(
        label=_("When some rows are wrong"),
        choices=[
            (ALL_OR_NOTHING, _("Import nothing, only report the errors")),
            (VALID_ROWS, _("Import the valid rows and report the others")),
        ],
        initial=ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB; split it."))
        return upload
