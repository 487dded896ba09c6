"""The mineral reference list, loaded by migration and kept in place after every migrate (and test flush)."""

from django.apps import apps as global_apps

MINERALS = [
    ("lead", "سرب", "Lead"),
    ("zinc", "روی", "Zinc"),
    ("lead-zinc", "سرب و روی", "Lead-zinc"),
    ("manganese", "منگنز", "Manganese"),
    ("bauxite", "بوکسیت", "Bauxite"),
    ("iron", "آهن", "Iron ore"),
    ("chromite", "کرومیت", "Chromite"),
    ("copper", "مس", "Copper"),
    ("barite", "باریت", "Barite"),
    ("celestite", "سلستین", "Celestite"),
    ("gypsum", "گچ", "Gypsum"),
    ("limestone", "سنگ آهک", "Limestone"),
    ("decorative-stone", "سنگ تزئینی", "Decorative stone"),
    ("kaolin", "کائولن", "Kaolin"),
    ("coal", "زغال‌سنگ", "Coal"),
    ("gold", "طلا", "Gold"),
    ("feldspar", "فلدسپات", "Feldspar"),
    ("silica", "سیلیس", "Silica"),
]


def minerals_load(mineral_model, using: str = "default") -> None:
    """Create or refresh every mineral of ``MINERALS``."""
    for code, name_fa, name_en in MINERALS:
        mineral_model.objects.using(using).update_or_create(
            code=code, defaults={"name_fa": name_fa, "name_en": name_en}
        )


def minerals_keep(sender, using: str = "default", apps=global_apps, **kwargs) -> None:
    """post_migrate receiver: put the minerals back if a flush removed them."""
    mineral_model = apps.get_model("mines", "Mineral")
    if not mineral_model.objects.using(using).exists():
        minerals_load(mineral_model, using)
