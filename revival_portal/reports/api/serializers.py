"""Serializers of the reports API: programme reports, a period asked for, and the figures as JSON.

Figures go out as JSON numbers: money as whole rials (integers), tonnes with two decimals, percentages
as numbers; the dashboard's selectors compute them and these serializers only describe their shape.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from revival_portal.core.serializer_fields import LocalisedIntegerField
from revival_portal.reports.choices import PeriodKind
from revival_portal.reports.downloads import DOWNLOADS
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.periods import MAX_JALALI_YEAR, MIN_JALALI_YEAR, Period

PERIOD_HELP = _("A Jalali fiscal year (1403) or a Jalali year and month (1403-07).")
PERIOD_INVALID = _("Give a period as a Jalali year (1403) or a year and month (1403-07).")
PERIOD_NOT_STARTED = _("This period has not started yet.")
PERIOD_MAX_LENGTH = 16


def parse_period(text: str) -> Period:
    """``text`` as a period, or a field error in the person's language."""
    try:
        return Period.parse(text)
    except ValueError as error:
        raise serializers.ValidationError(PERIOD_INVALID, code="invalid") from error


# --- Programme reports --------------------------------------------------------------------------------
class ReportDownloadsSerializer(serializers.Serializer):
    """Where each file of a finished report is downloaded (null until the report is done)."""

    xlsx = serializers.URLField(allow_null=True, read_only=True)
    csv = serializers.URLField(allow_null=True, read_only=True)


class ProgrammeReportSerializer(serializers.ModelSerializer):
    """A report with its status and progress; ``downloads`` holds the file addresses once it is done."""

    period = serializers.SerializerMethodField(help_text=PERIOD_HELP)
    label = serializers.CharField(source="period_label", read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True, allow_null=True)
    downloads = serializers.SerializerMethodField()

    class Meta:
        model = ProgrammeReport
        fields = [
            "id",
            "period",
            "label",
            "period_kind",
            "jalali_year",
            "jalali_month",
            "start_date",
            "end_date",
            "status",
            "progress",
            "revision",
            "scheduled",
            "language",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "error",
            "downloads",
        ]
        read_only_fields = fields

    def get_period(self, report: ProgrammeReport) -> str:
        return str(report.period)

    @extend_schema_field(ReportDownloadsSerializer)
    def get_downloads(self, report: ProgrammeReport) -> dict:
        request = self.context.get("request")
        downloads = {}
        for file_format in DOWNLOADS:
            url = None
            if report.is_done:
                url = reverse("programme-report-download", args=[report.pk, file_format])
                url = request.build_absolute_uri(url) if request is not None else url
            downloads[file_format] = url
        return downloads


class ReportRequestSerializer(serializers.Serializer):
    """The period of a report: ``period`` ("1403", "1403-07"), or its kind, year and month."""

    period = serializers.CharField(required=False, max_length=PERIOD_MAX_LENGTH, help_text=PERIOD_HELP)
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices, required=False)
    jalali_year = LocalisedIntegerField(required=False, min_value=MIN_JALALI_YEAR, max_value=MAX_JALALI_YEAR)
    jalali_month = LocalisedIntegerField(required=False, allow_null=True, min_value=1, max_value=12)

    def validate_period(self, value: str) -> Period:
        return parse_period(value)

    def validate(self, attrs: dict) -> dict:
        """One of the two forms; the service checks the rest (a month for a monthly report, not future)."""
        period = attrs.get("period")
        if period is not None:
            if attrs.keys() & {"period_kind", "jalali_year", "jalali_month"}:
                raise serializers.ValidationError(
                    {"period": _("Give either the period or its kind, year and month, not both.")}
                )
            return {
                "period": period,
                "period_kind": period.kind,
                "jalali_year": period.year,
                "jalali_month": period.month,
            }
        if not attrs:
            raise serializers.ValidationError({"period": PERIOD_INVALID})
        required = serializers.Field.default_error_messages["required"]
        missing = {name: required for name in ("period_kind", "jalali_year") if name not in attrs}
        if missing:
            raise serializers.ValidationError(missing)
        return {"period": None, "jalali_month": None, **attrs}


class PeriodQuerySerializer(serializers.Serializer):
    """``?period=``: a fiscal year or month that has started; the current month when left out."""

    period = serializers.CharField(required=False, max_length=PERIOD_MAX_LENGTH, help_text=PERIOD_HELP)

    def validate_period(self, value: str) -> Period:
        period = parse_period(value)
        if not period.has_started():
            raise serializers.ValidationError(PERIOD_NOT_STARTED, code="future")
        return period

    def validate(self, attrs: dict) -> dict:
        attrs.setdefault("period", Period.current_month())
        return attrs


# --- Figures ------------------------------------------------------------------------------------------
class OutputSerializer(serializers.Serializer):
    """A response body only: every field is read-only."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


def count(**kwargs):
    return serializers.IntegerField(**kwargs)


def money(**kwargs):
    """An amount in whole rials, as a JSON integer."""
    return serializers.IntegerField(**{"help_text": _("Whole rials."), **kwargs})


def tonnes(**kwargs):
    return serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=False, **kwargs)


class PeriodFiguresSerializer(OutputSerializer):
    """The period the figures are for, and the day they are taken on."""

    period = serializers.CharField(help_text=PERIOD_HELP)
    label = serializers.CharField()
    start = serializers.DateField(help_text=_("The period's first day."))
    end = serializers.DateField(help_text=_("The period's last day."))
    on = serializers.DateField(help_text=_("The day the figures are taken on: the period's end, or today."))


class MineAggregatesSerializer(OutputSerializer):
    mines = count()
    verified = count()
    jobs_before = count()
    jobs_now = count()
    verified_jobs_before = count()
    verified_jobs_now = count()
    annual_output_tonnes = tonnes()
    verified_annual_output_tonnes = tonnes()
    proven_reserve_tonnes = tonnes()


class MineTotalsSerializer(MineAggregatesSerializer):
    revived = count()
    jobs_created = count()


class MineStageSerializer(MineAggregatesSerializer):
    stage = serializers.CharField()
    label = serializers.CharField()


class MineProvinceSerializer(MineAggregatesSerializer):
    code = serializers.CharField()
    name_fa = serializers.CharField()
    name_en = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class MineMineralSerializer(MineAggregatesSerializer):
    code = serializers.CharField(allow_null=True)
    name_fa = serializers.CharField(allow_null=True)
    name_en = serializers.CharField(allow_null=True)


class MineFiguresSerializer(OutputSerializer):
    totals = MineTotalsSerializer()
    by_stage = MineStageSerializer(many=True)
    by_province = MineProvinceSerializer(many=True)
    by_mineral = MineMineralSerializer(many=True)


class ProductionSumsSerializer(OutputSerializer):
    jobs = count()
    tonnes_mined = tonnes()
    tonnes_sold = tonnes()
    revenue_rials = money()
    reports = count()


class ProductionMonthSerializer(ProductionSumsSerializer):
    period_year = count()
    period_month = count()


class ProductionTotalsSerializer(ProductionSumsSerializer):
    mines_reporting = count()
    jobs_average = count()


class ProductionFiguresSerializer(OutputSerializer):
    totals = ProductionTotalsSerializer()
    by_month = ProductionMonthSerializer(many=True)


class ApplicationStateSerializer(OutputSerializer):
    status = serializers.CharField()
    label = serializers.CharField()
    count = count()
    amount_requested = money()


class ApplicationFiguresSerializer(OutputSerializer):
    by_state = ApplicationStateSerializer(many=True)
    submitted_in_period = count()
    requested_in_period = money()
    applications = count()


class MoneyFlowsSerializer(OutputSerializer):
    approved_in_period = money()
    loans_in_period = count()
    approved_to_date = money()
    loans_to_date = count()
    disbursed_in_period = money()
    disbursed_to_date = money()
    repaid_in_period = money()
    repaid_to_date = money()
    penalty_paid_in_period = money(
        help_text=_("The late-payment penalty within the repayments of the period.")
    )
    waivers_in_period = count()
    waived_in_period = money()


class LoanCountsSerializer(OutputSerializer):
    contracted = count(help_text=_("Loans contracted by the day the figures are taken on."))
    closed = count()
    active = count()


class PortfolioTotalsSerializer(OutputSerializer):
    active_loans = count()
    outstanding_principal = money()
    in_arrears_count = count()
    in_arrears_principal = money()
    in_arrears_overdue = money()


class ArrearsBucketSerializer(OutputSerializer):
    bucket = serializers.CharField()
    label = serializers.CharField()
    count = count()
    principal = money()
    overdue = money()


class PortfolioFiguresSerializer(OutputSerializer):
    on = serializers.DateField()
    totals = PortfolioTotalsSerializer()
    buckets = ArrearsBucketSerializer(many=True)


class UnitTypeUtilisationSerializer(OutputSerializer):
    name_fa = serializers.CharField()
    name_en = serializers.CharField()
    units = count()
    booked_days = count()
    available_days = count()
    percent = serializers.FloatField()


class UtilisationFiguresSerializer(OutputSerializer):
    units = count()
    booked_days = count()
    available_days = count()
    percent = serializers.FloatField()
    by_type = UnitTypeUtilisationSerializer(many=True)
    bookings = count()
    deployed_or_completed = count()
    units_booked = count()
    tonnes_processed = tonnes()


class ProgrammeFiguresSerializer(PeriodFiguresSerializer):
    """The programme dashboard's figures of one period."""

    mines = MineFiguresSerializer()
    production = ProductionFiguresSerializer()
    applications = ApplicationFiguresSerializer()
    loans = LoanCountsSerializer()
    money = MoneyFlowsSerializer()
    portfolio = PortfolioFiguresSerializer()
    utilisation = UtilisationFiguresSerializer()


# --- Public aggregates --------------------------------------------------------------------------------
class PublicMinesSerializer(OutputSerializer):
    registered = count()
    verified = count()
    revived = count()
    active = count()
    jobs_before = count()
    jobs_now = count()
    jobs_created = count()


class PublicStageSerializer(OutputSerializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    mines = count()


class PublicProvinceSerializer(OutputSerializer):
    code = serializers.CharField()
    mines = count()


class PublicProductionSerializer(OutputSerializer):
    tonnes_mined = tonnes()
    tonnes_sold = tonnes()


class PublicProductionYearSerializer(PublicProductionSerializer):
    period_year = count()


class PublicMoneySerializer(OutputSerializer):
    loans = count()
    approved = money()
    lent = money()
    repaid = money()


class PublicUnitsSerializer(OutputSerializer):
    in_service = count()
    deployed = count()


class PublicFiguresSerializer(PeriodFiguresSerializer):
    """The transparency page's aggregates: counts and sums by stage, province and year, never a name."""

    mines = PublicMinesSerializer()
    by_stage = PublicStageSerializer(many=True)
    by_province = PublicProvinceSerializer(many=True)
    production = PublicProductionSerializer()
    production_by_year = PublicProductionYearSerializer(many=True)
    money = PublicMoneySerializer()
    units = PublicUnitsSerializer()
