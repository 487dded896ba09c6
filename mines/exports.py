"""The mine list, the reviewers' queue of registrations and the production reports as CSV and XLSX (served
by the shared export view).

The mine export carries the import's columns in the same order, so an exported file can be imported again
(the import also reads the headers in Persian).
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mines.choices import LicenceType
from mines.filtersets import MineFilterSet, ProductionReportFilterSet
from mines.models import Mine, ProductionReport
from mines.selectors import mines_pending_review
from revival_portal.accounts.permissions import is_reviewer
from revival_portal.core.calendar import format_jalali
from revival_portal.core.exports import Column, ListExport, field_label, joined, register


def _mine_label(name: str):
    return field_label(Mine, name)


MINE_EXPORT = register(
    ListExport(
        name="mines",
        title=_("Mines"),
        queryset_for_user=lambda user: Mine.objects.for_user(user),
        filterset=MineFilterSet,
        allowed=lambda user: user.is_authenticated and (user.is_operator or user.is_programme_staff),
        annotations=lambda user: {
            "other_mineral_codes": joined(
                Mine.other_minerals.through.objects.all(), link="mine_id", value="mineral__code"
            ),
            "licence_expired": Case(
                When(licence_expires_on__lt=timezone.localdate(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        },
        columns=(
            Column("id", _("id"), "pk"),
            Column("operator", _mine_label("operator"), "operator__username"),
            Column("name", _mine_label("name")),
            Column("province", _("province code"), "province_id"),
            Column("county", _mine_label("county")),
            Column("latitude", _mine_label("latitude"), kind="number"),
            Column("longitude", _mine_label("longitude"), kind="number"),
            Column("primary_mineral", _("primary mineral code"), "primary_mineral__code"),
            Column("other_minerals", _("other mineral codes"), "other_mineral_codes"),
            Column("licence_type", _mine_label("licence_type")),
            Column("licence_number", _mine_label("licence_number")),
            Column("licence_issued_on", _mine_label("licence_issued_on"), kind="date"),
            Column("licence_expires_on", _mine_label("licence_expires_on"), kind="date"),
            Column("revival_stage", _mine_label("revival_stage")),
            Column("jobs_before", _mine_label("jobs_before"), kind="number"),
            Column("jobs_now", _mine_label("jobs_now"), kind="number"),
            Column("annual_output_tonnes", _mine_label("annual_output_tonnes"), kind="number"),
            Column("proven_reserve_tonnes", _mine_label("proven_reserve_tonnes"), kind="number"),
            Column(
                "licence_expires_on_jalali",
                _("licence expires on (Jalali)"),
                "licence_expires_on",
                value=lambda raw, record: format_jalali(raw),
            ),
            Column("licence_expired", _("licence expired"), kind="bool"),
            Column("verification_status", _mine_label("verification_status")),
            Column("province_name", _("province name"), "province__name_fa"),
            Column("primary_mineral_name", _("primary mineral name"), "primary_mineral__name_fa"),
        ),
    )
)
MINE_COLUMNS = tuple(column.key for column in MINE_EXPORT.columns)


def _review_queue_on_the_page(asker, queryset):
    from mines.views.review import sorted_review_queue

    ordered, _sort = sorted_review_queue(asker, queryset)
    return ordered


REVIEW_QUEUE_EXPORT = register(
    ListExport(
        name="mine-registrations",
        title=_("Registrations to review"),
        queryset_for_user=lambda user: mines_pending_review(user=user),
        filtered=_review_queue_on_the_page,
        allowed=is_reviewer,
        columns=(
            Column("id", _("id"), "pk", kind="number"),
            Column("name", _mine_label("name")),
            Column("operator", _mine_label("operator"), "operator__username"),
            Column("company", _("company name"), "operator__company_name"),
            Column("province", _mine_label("province"), "province__name_fa"),
            Column("county", _mine_label("county")),
            Column("primary_mineral", _("primary mineral code"), "primary_mineral__code"),
            Column("licence_type", _mine_label("licence_type"), kind="choice", choices=LicenceType),
            Column("licence_number", _mine_label("licence_number")),
            Column("licence_issued_on", _mine_label("licence_issued_on"), kind="date"),
            Column("licence_expires_on", _mine_label("licence_expires_on"), kind="date"),
            Column("registered_at", _mine_label("created_at"), "created_at", kind="datetime"),
        ),
    )
)

PRODUCTION_REPORT_EXPORT = register(
    ListExport(
        name="production-reports",
        title=_("Production reports"),
        queryset_for_user=lambda user: ProductionReport.objects.for_user(user),
        filterset=ProductionReportFilterSet,
        ordering=("mine__name", "mine_id", "period_year", "period_month", "pk"),
        columns=(
            Column("mine_id", _("mine id"), "mine_id", kind="number"),
            Column("mine", field_label(ProductionReport, "mine"), "mine__name"),
            Column("period_year", field_label(ProductionReport, "period_year"), kind="number"),
            Column("period_month", field_label(ProductionReport, "period_month"), kind="number"),
            Column("jobs", field_label(ProductionReport, "jobs"), kind="number"),
            Column("tonnes_mined", field_label(ProductionReport, "tonnes_mined"), kind="number"),
            Column("tonnes_sold", field_label(ProductionReport, "tonnes_sold"), kind="number"),
            Column("revenue_rials", field_label(ProductionReport, "revenue_rials"), kind="money"),
            Column("filed_at", field_label(ProductionReport, "filed_at"), kind="datetime"),
        ),
    )
)


def mine_import_headers() -> dict[str, str]:
    """Each mine column's header in every language, mapped to its key (what the import reads)."""
    from django.conf import settings
    from django.utils import translation

    headers = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            headers.update({str(column.label): column.key for column in MINE_EXPORT.columns})
    # A column's own name always means that column.
    headers.update({column.key: column.key for column in MINE_EXPORT.columns})
    return headers
