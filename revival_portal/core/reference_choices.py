"""Choices from the small reference tables — provinces, minerals, unit types — read from the shared cache.

Every list page offers them in its filter panel: read from the database, that is a query and a model
instance per option on every request. ``ReferenceChoiceFilter`` lists the rows of its queryset from the
cache instead, until a row of the table is saved or deleted (``watch``, called by each app's ``ready()``).
A submitted choice is still checked against the database, as by any ``ModelChoiceFilter`` (its digits read
the same in any script).
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ImproperlyConfigured
from django_filters import fields as filter_fields

from revival_portal.core import versioned_cache
from revival_portal.core.text import normalize_digits

# The tables whose changes replace their cached rows (labels).
_watched: set[str] = set()


def _scope(model) -> str:
    return f"reference:{model._meta.label}"


def watch(*models) -> None:
    """Replace the cached rows of ``models`` whenever one of their rows is saved or deleted."""
    for model in models:
        versioned_cache.bump_on_commit(_scope(model), model)
        _watched.add(model._meta.label)


def reference_rows(queryset) -> list:
    """The rows of ``queryset`` (over a table passed to ``watch``), from the cache when it has them."""
    if queryset.model._meta.label not in _watched:
        # Its rows would be served unchanged after an edit until the cache let them go.
        raise ImproperlyConfigured(f"{queryset.model._meta.label} is not watched (reference_choices.watch)")
    return versioned_cache.cached(
        f"reference-rows:{versioned_cache.queryset_key(queryset)}",
        [_scope(queryset.model)],
        lambda: list(queryset),
    )


class ReferenceChoiceIterator(filter_fields.ModelChoiceIterator):
    """django-filter's choices (with its empty and null choices) over the cached rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for row in reference_rows(self.queryset):
            yield self.choice(row)

    def __len__(self):
        extra = (self.field.empty_label is not None) + (self.field.null_label is not None)
        return len(reference_rows(self.queryset)) + extra

    def __bool__(self):
        return len(self) > 0


class ReferenceChoiceField(filter_fields.ModelChoiceField):
    iterator = ReferenceChoiceIterator

    def to_python(self, value):
        # A code typed with Persian or Arabic digits (IR-۰۷) names the same row as IR-07.
        return super().to_python(normalize_digits(value))


class ReferenceChoiceFilter(django_filters.ModelChoiceFilter):
    """A ``ModelChoiceFilter`` over a reference table whose options come from the cache."""

    field_class = ReferenceChoiceField
