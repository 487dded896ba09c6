"""Load the mineral reference list."""

from django.db import migrations

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


def load(apps, schema_editor):
    mineral = apps.get_model("mines", "Mineral")
    for code, name_fa, name_en in MINERALS:
        mineral.objects.update_or_create(code=code, defaults={"name_fa": name_fa, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("mines", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
