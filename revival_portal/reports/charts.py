"""Chart and map data for the dashboard and the transparency page: plain numbers, localised names."""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from revival_portal.core.calendar import jalali_month_name
from revival_portal.core.provinces import IRAN_BOUNDING_BOX, PROVINCES

MAP_WIDTH = 600
MAP_MARGIN = 40
MAX_BUBBLE_RADIUS = 30
# Degrees of longitude are shorter than degrees of latitude at Iran's mean latitude (about 32.5 N).
LONGITUDE_SCALE = math.cos(math.radians(32.5))


def _persian() -> bool:
    return (get_language() or "").startswith("fa")


def _plain(value):
    return float(value) if isinstance(value, Decimal) else value


def _name(row: dict) -> str:
    return row["name_fa"] if _persian() else row["name_en"]


def province_bubbles(rows: list[dict], *, size_key: str = "mines") -> dict:
    """Every province as a circle at its capital, sized by ``size_key`` (area proportional to the value).

    ``rows`` carry a ``code`` and the figures; provinces without a row are drawn as a small empty dot.
    """
    box = IRAN_BOUNDING_BOX
    span_x = (box.max_lon - box.min_lon) * LONGITUDE_SCALE
    span_y = box.max_lat - box.min_lat
    scale = (MAP_WIDTH - 2 * MAP_MARGIN) / span_x
    height = round(span_y * scale + 2 * MAP_MARGIN)
    by_code = {row["code"]: row for row in rows}
    largest = max((float(row.get(size_key) or 0) for row in rows), default=0) or 1
    bubbles = []
    for province in PROVINCES:
        row = by_code.get(province.code, {})
        value = float(row.get(size_key) or 0)
        bubbles.append(
            {
                "code": province.code,
                "name": province.name_fa if _persian() else province.name_en,
                "x": round(MAP_MARGIN + (province.longitude - box.min_lon) * LONGITUDE_SCALE * scale, 1),
                "y": round(MAP_MARGIN + (box.max_lat - province.latitude) * scale, 1),
                "r": round(max(3.0, MAX_BUBBLE_RADIUS * math.sqrt(value / largest)), 1) if value else 3.0,
                "value": _plain(row.get(size_key) or 0),
            }
        )
    return {"width": MAP_WIDTH, "height": height, "bubbles": bubbles}


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
