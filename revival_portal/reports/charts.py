"""Chart data for the dashboard and the transparency page: plain numbers, localised names."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from revival_portal.core.calendar import jalali_month_name


def _persian() -> bool:
    return (get_language() or "").startswith("fa")


def _plain(value):
    return float(value) if isinstance(value, Decimal) else value


def _name(row: dict) -> str:
    return row["name_fa"] if _persian() else row["name_en"]


def _chart_text() -> dict:
    """Series names for the charts' legends, in the page language."""
    return {
        "mines": _("Mines"),
        "verified": _("Verified mines"),
        "tonnes_mined": _("Tonnes mined"),
        "tonnes_sold": _("Tonnes sold"),
        "principal": _("Outstanding principal (rials)"),
    }


def dashboard_chart_data(figures: dict) -> dict:
    """The series the dashboard's charts draw (see static/reports/dashboard.js)."""
    mines = figures["mines"]
    return {
        "text": _chart_text(),
        "stages": {
            "labels": [row["label"] for row in mines["by_stage"]],
            "mines": [row["mines"] for row in mines["by_stage"]],
            "verified": [row["verified"] for row in mines["by_stage"]],
        },
        "minerals": {
            "labels": [_name(row) for row in mines["by_mineral"]],
            "mines": [row["mines"] for row in mines["by_mineral"]],
        },
        "production": {
            "labels": [
                f"{jalali_month_name(row['period_month'])} {row['period_year']}"
                for row in figures["production"]["by_month"]
            ],
            "tonnes_mined": [_plain(row["tonnes_mined"]) for row in figures["production"]["by_month"]],
            "tonnes_sold": [_plain(row["tonnes_sold"]) for row in figures["production"]["by_month"]],
        },
        "applications": {
            "labels": [row["label"] for row in figures["applications"]["by_state"] if row["count"]],
            "counts": [row["count"] for row in figures["applications"]["by_state"] if row["count"]],
        },
        "arrears": {
            "labels": [row["label"] for row in figures["portfolio"]["buckets"]],
            "principal": [_plain(row["principal"]) for row in figures["portfolio"]["buckets"]],
        },
        "utilisation": {
            "labels": [_name(row) for row in figures["utilisation"]["by_type"]],
            "percent": [row["percent"] for row in figures["utilisation"]["by_type"]],
        },
    }


def public_chart_data(figures: dict) -> dict:
    """The transparency page's series: mines by stage and tonnes by fiscal year."""
    return {
        "text": _chart_text(),
        "stages": {
            "labels": [row["label"] for row in figures["by_stage"]],
            "mines": [row["mines"] for row in figures["by_stage"]],
        },
        "production": {
            "labels": [str(row["period_year"]) for row in figures["production_by_year"]],
            "tonnes_mined": [_plain(row["tonnes_mined"]) for row in figures["production_by_year"]],
            "tonnes_sold": [_plain(row["tonnes_sold"]) for row in figures["production_by_year"]],
        },
    }
