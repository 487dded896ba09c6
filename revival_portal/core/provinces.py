"""The 31 provinces of Iran (ISO 3166-2:IR), Iran's bounding box and great-circle distances."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple, Protocol, TypeVar

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


class ProvinceData(NamedTuple):
    """One province: ISO code, Persian and English names, and its capital's position as the centroid."""

    code: str
    name_fa: str
    name_en: str
    latitude: float
    longitude: float


class BoundingBox(NamedTuple):
    """A latitude/longitude rectangle in decimal degrees."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float


# Current ISO 3166-2:IR codes (IR-00..IR-30). The "centroid" is the provincial capital: it is only used to
# order provinces by distance, and the capital is where units are dispatched from and to.
PROVINCES: tuple[ProvinceData, ...] = (
    ProvinceData("IR-00", "مرکزی", "Markazi", 34.0954, 49.7013),  # Arak
    ProvinceData("IR-01", "گیلان", "Gilan", 37.2808, 49.5832),  # Rasht
    ProvinceData("IR-02", "مازندران", "Mazandaran", 36.5633, 53.0601),  # Sari
    ProvinceData("IR-03", "آذربایجان شرقی", "East Azerbaijan", 38.0800, 46.2919),  # Tabriz
    ProvinceData("IR-04", "آذربایجان غربی", "West Azerbaijan", 37.5527, 45.0761),  # Urmia
    ProvinceData("IR-05", "کرمانشاه", "Kermanshah", 34.3142, 47.0650),  # Kermanshah
    ProvinceData("IR-06", "خوزستان", "Khuzestan", 31.3183, 48.6706),  # Ahvaz
    ProvinceData("IR-07", "فارس", "Fars", 29.5918, 52.5837),  # Shiraz
    ProvinceData("IR-08", "کرمان", "Kerman", 30.2839, 57.0834),  # Kerman
    ProvinceData("IR-09", "خراسان رضوی", "Razavi Khorasan", 36.2605, 59.6168),  # Mashhad
    ProvinceData("IR-10", "اصفهان", "Isfahan", 32.6546, 51.6680),  # Isfahan
    ProvinceData("IR-11", "سیستان و بلوچستان", "Sistan and Baluchestan", 29.4963, 60.8629),  # Zahedan
    ProvinceData("IR-12", "کردستان", "Kurdistan", 35.3219, 46.9862),  # Sanandaj
    ProvinceData("IR-13", "همدان", "Hamadan", 34.7992, 48.5146),  # Hamadan
    ProvinceData("IR-14", "چهارمحال و بختیاری", "Chaharmahal and Bakhtiari", 32.3256, 50.8644),  # Shahrekord
    ProvinceData("IR-15", "لرستان", "Lorestan", 33.4878, 48.3558),  # Khorramabad
    ProvinceData("IR-16", "ایلام", "Ilam", 33.6374, 46.4227),  # Ilam
    ProvinceData("IR-17", "کهگیلویه و بویراحمد", "Kohgiluyeh and Boyer-Ahmad", 30.6682, 51.5880),  # Yasuj
    ProvinceData("IR-18", "بوشهر", "Bushehr", 28.9234, 50.8203),  # Bushehr
    ProvinceData("IR-19", "زنجان", "Zanjan", 36.6736, 48.4787),  # Zanjan
    ProvinceData("IR-20", "سمنان", "Semnan", 35.5729, 53.3971),  # Semnan
    ProvinceData("IR-21", "یزد", "Yazd", 31.8974, 54.3569),  # Yazd
    ProvinceData("IR-22", "هرمزگان", "Hormozgan", 27.1832, 56.2666),  # Bandar Abbas
    ProvinceData("IR-23", "تهران", "Tehran", 35.6892, 51.3890),  # Tehran
    ProvinceData("IR-24", "اردبیل", "Ardabil", 38.2498, 48.2933),  # Ardabil
    ProvinceData("IR-25", "قم", "Qom", 34.6401, 50.8764),  # Qom
    ProvinceData("IR-26", "قزوین", "Qazvin", 36.2797, 50.0049),  # Qazvin
    ProvinceData("IR-27", "گلستان", "Golestan", 36.8427, 54.4439),  # Gorgan
    ProvinceData("IR-28", "خراسان شمالی", "North Khorasan", 37.4747, 57.3290),  # Bojnurd
    ProvinceData("IR-29", "خراسان جنوبی", "South Khorasan", 32.8649, 59.2262),  # Birjand
    ProvinceData("IR-30", "البرز", "Alborz", 35.8400, 50.9391),  # Karaj
)

PROVINCES_BY_CODE: dict[str, ProvinceData] = {p.code: p for p in PROVINCES}

# Iran spans about 25.06-39.78 N and 44.03-63.33 E; the box adds a small margin so border mines fit.
IRAN_BOUNDING_BOX = BoundingBox(min_lat=25.0, max_lat=39.8, min_lon=44.0, max_lon=63.4)


def in_iran_bounding_box(latitude: float, longitude: float) -> bool:
    """Return whether the point lies inside Iran's bounding box (a coarse plausibility check)."""
    box = IRAN_BOUNDING_BOX
    return box.min_lat <= latitude <= box.max_lat and box.min_lon <= longitude <= box.max_lon


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the haversine great-circle distance in km between two ``(latitude, longitude)`` points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    # min() guards asin against a rounding error just above 1 for antipodal points.
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class Located(Protocol):
    """Anything with a code and a position: a ``ProvinceData`` or a ``Province`` row."""

    @property
    def code(self) -> str: ...
    @property
    def latitude(self) -> float: ...
    @property
    def longitude(self) -> float: ...


LocatedT = TypeVar("LocatedT", bound=Located)


def provinces_by_distance(origin: tuple[float, float], provinces: Iterable[LocatedT]) -> list[LocatedT]:
    """Return ``provinces`` sorted nearest first from ``origin`` (ties broken by code, for a stable order)."""
    return sorted(
        provinces, key=lambda p: (distance_km(origin, (float(p.latitude), float(p.longitude))), p.code)
    )
