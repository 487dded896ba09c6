"""Admin for the reference data."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    """Provinces: searchable by code and either name; the code is fixed once the row exists."""

    list_display = ("code", "name_fa", "name_en", "latitude", "longitude")
    search_fields = ("code", "name_fa", "name_en")
    ordering = ("code",)

    def get_readonly_fields(self, request: HttpRequest, obj: Province | None = None) -> tuple[str, ...]:
        """Make the code read-only on existing rows: mines and units refer to it."""
        readonly = tuple(super().get_readonly_fields(request, obj))
        return (*readonly, "code") if obj is not None else readonly
