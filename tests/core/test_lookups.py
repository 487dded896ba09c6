"""``field__ilike``: ``icontains`` as PostgreSQL estimates it from the column's statistics."""

import pytest
from django.db import connection

from mines.models import Mine
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db


def test_matches_like_icontains_whatever_the_case():
    MineFactory(name="Barite Hill", licence_number="AB-12")
    MineFactory(name="معدن سرب", licence_number="CD_34")
    for value in ("barite", "BARITE", "سرب", "ab-1", "d_3", "%", "_"):
        expected = set(Mine.objects.filter(name__icontains=value).values_list("pk", flat=True)) | set(
            Mine.objects.filter(licence_number__icontains=value).values_list("pk", flat=True)
        )
        found = set(Mine.objects.filter(name__ilike=value).values_list("pk", flat=True)) | set(
            Mine.objects.filter(licence_number__ilike=value).values_list("pk", flat=True)
        )
        assert found == expected, value


def test_written_as_ilike_on_postgresql():
    sql = str(Mine.objects.filter(name__ilike="x").query)
    if connection.vendor == "postgresql":
        assert "ILIKE" in sql and "UPPER" not in sql
    else:
        assert "LIKE" in sql
