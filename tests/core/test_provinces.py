"""The 31 provinces: reference data, distances and the loading migration."""

import pytest
from django.utils import translation

from revival_portal.core.models import Province
from revival_portal.core.provinces import (
    IRAN_BOUNDING_BOX,
    PROVINCES,
    PROVINCES_BY_CODE,
    distance_km,
    in_iran_bounding_box,
    provinces_by_distance,
)
from revival_portal.core.text import normalize_persian

EXPECTED_CODES = [f"IR-{n:02d}" for n in range(31)]
TEHRAN = (35.6892, 51.3890)
MASHHAD = (36.2605, 59.6168)


def test_thirty_one_provinces_with_unique_iso_codes():
    assert len(PROVINCES) == 31
    assert [p.code for p in PROVINCES] == EXPECTED_CODES
    assert len(PROVINCES_BY_CODE) == 31
    assert len({p.name_fa for p in PROVINCES}) == len({p.name_en for p in PROVINCES}) == 31


@pytest.mark.parametrize(
    ("code", "name_fa", "name_en"),
    [
        ("IR-00", "مرکزی", "Markazi"),
        ("IR-03", "آذربایجان شرقی", "East Azerbaijan"),
        ("IR-09", "خراسان رضوی", "Razavi Khorasan"),
        ("IR-10", "اصفهان", "Isfahan"),
        ("IR-23", "تهران", "Tehran"),
        ("IR-30", "البرز", "Alborz"),
    ],
)
def test_current_iso_assignments(code, name_fa, name_en):
    assert PROVINCES_BY_CODE[code][1:3] == (name_fa, name_en)


def test_persian_names_use_persian_letters():
    for province in PROVINCES:
        assert normalize_persian(province.name_fa) == province.name_fa, province.code


def test_centroids_and_real_extremes_lie_in_the_bounding_box():
    for province in PROVINCES:
        assert in_iran_bounding_box(province.latitude, province.longitude), province.code
    # Iran's extreme latitudes and longitudes, about 25.06-39.78 N and 44.03-63.33 E.
    assert IRAN_BOUNDING_BOX.min_lat <= 25.06 and IRAN_BOUNDING_BOX.max_lat >= 39.78
    assert IRAN_BOUNDING_BOX.min_lon <= 44.03 and IRAN_BOUNDING_BOX.max_lon >= 63.33
    assert not in_iran_bounding_box(41.0, 29.0)  # Istanbul
    assert not in_iran_bounding_box(24.7, 46.7)  # Riyadh
    assert not in_iran_bounding_box(34.5, 69.2)  # Kabul


def test_distance_km():
    assert distance_km(TEHRAN, TEHRAN) == 0
    assert distance_km(TEHRAN, MASHHAD) == pytest.approx(745, abs=15)
    assert distance_km(TEHRAN, MASHHAD) == pytest.approx(distance_km(MASHHAD, TEHRAN))


def test_provinces_by_distance_puts_the_nearest_first():
    assert provinces_by_distance(TEHRAN, PROVINCES)[0].code == "IR-23"
    # From Tabriz: East Azerbaijan itself, then Urmia (West Azerbaijan) just across the lake.
    assert [p.code for p in provinces_by_distance((38.08, 46.29), PROVINCES)[:2]] == ["IR-03", "IR-04"]
    assert len(provinces_by_distance(MASHHAD, PROVINCES)) == 31


@pytest.mark.django_db
def test_migration_loads_every_province():
    assert list(Province.objects.values_list("code", flat=True)) == EXPECTED_CODES
    for data in PROVINCES:
        row = Province.objects.get(code=data.code)
        assert (row.name_fa, row.name_en) == (data.name_fa, data.name_en)
        assert (row.latitude, row.longitude) == pytest.approx((data.latitude, data.longitude))


@pytest.mark.django_db
def test_province_name_follows_the_language():
    province = Province.objects.get(code="IR-23")
    with translation.override("fa"):
        assert str(province) == province.name == "تهران"
    with translation.override("en"):
        assert str(province) == "Tehran"
    assert provinces_by_distance(MASHHAD, Province.objects.all())[0].code == "IR-09"
