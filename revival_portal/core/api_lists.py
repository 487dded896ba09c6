"""API lists that serialise many rows cheaply, with the output DRF's own path gives.

DRF's ``Serializer.to_representation`` makes every field of every row find its value again: walk the
source, test each step for a callable with ``inspect``, skip or convert. In a list, the way each field
reaches its value is the same on every row, so ``PlannedListSerializer`` works it out once per list (its
"plan") and applies it to each row. A field the plan does not know (a dotted source, a default, a custom
field) takes DRF's own path for that field, and a serializer that overrides ``to_representation`` is left
to DRF entirely, so the representation is the same field for field.

Rows may be model instances or plain mappings (``QuerySet.values()`` rows keyed by the fields' sources):
a long list such as a loan's schedule then costs no model instances at all. A serializer with a
``load_rows(rows)`` method is handed the list's model rows first and answers, for some of its fields, each
row's representation by primary key: what a nested list shows is then read for all the rows at once (one
query per list rather than a prefetch that builds a queryset for every row).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField, empty
from rest_framework.relations import ManyRelatedField, PKOnlyObject, PrimaryKeyRelatedField, RelatedField
from rest_framework.settings import api_settings

# Marks a field DRF would leave out of the row (its get_attribute raised SkipField).
_SKIP = object()

# (output name, how to read the value from a row, how to convert a value that is not None, or None)
Step = tuple[str, Callable[[Any], Any], Callable[[Any], Any] | None]


class PlannedListSerializer(serializers.ListSerializer):
    """A ``list_serializer_class`` whose representation follows a plan (see the module docstring); writes are
    ListSerializer's own."""

    def to_representation(self, data) -> list[dict[str, Any]]:
        rows = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        if type(self.child).to_representation is not serializers.Serializer.to_representation:
            return [self.child.to_representation(row) for row in rows]
        if not rows:
            return []
        plan = self._plan(isinstance(rows[0], Mapping))
        load_rows = getattr(self.child, "load_rows", None)
        if load_rows is not None:
            loaded = load_rows(rows)
            plan = [(step[0], _loaded(loaded[step[0]]), None) if step[0] in loaded else step for step in plan]
        return [_represent(row, plan) for row in rows]

    def _plan(self, mappings: bool) -> list[Step]:
        # A nested list serializer is one field object shared by every parent row: plan it once.
        plans = self.__dict__.setdefault("_plans", {})
        if mappings not in plans:
            child = self.child
            model = None if mappings else getattr(getattr(child, "Meta", None), "model", None)
            plans[mappings] = [_step(child, field, model, mappings) for field in child._readable_fields]
        return plans[mappings]


def _loaded(values: dict) -> Callable[[Any], Any]:
    return lambda row: values[row.pk]


def _represent(row, plan: list[Step]) -> dict[str, Any]:
    out = {}
    for name, read, convert in plan:
        value = read(row)
        if value is None or convert is None:
            if value is not _SKIP:  # only a step without a converter skips
                out[name] = value
        else:
            out[name] = convert(value)
    return out


def _step(serializer, field, model, mappings: bool) -> Step:
    """How ``field`` reads and converts its value on every row of a list of ``serializer``."""
    name = field.field_name
    if isinstance(field, serializers.SerializerMethodField):
        return name, getattr(serializer, field.method_name), None
    simple = len(field.source_attrs) == 1 and field.default is empty
    if not simple:
        return name, _drf_path(field), None
    source = field.source
    if mappings:
        if isinstance(field, serializers.BaseSerializer | ManyRelatedField):
            return name, _drf_path(field), None
        return name, itemgetter(source), _pk_only(field) or _converter(field)
    if isinstance(field, serializers.ListSerializer | ManyRelatedField):
        return name, _prefetched(source), _many(field)
    if isinstance(field, serializers.BaseSerializer):
        return name, _drf_path(field), None
    model_field = _concrete_field(model, source)
    if isinstance(field, RelatedField) and field.use_pk_only_optimization():
        if isinstance(model_field, models.ForeignKey) and _pk_only(field):
            return name, attrgetter(model_field.attname), None
        return name, _drf_path(field), None
    if model_field is None and inspect.isfunction(getattr(model, source, None)):
        return name, methodcaller(source), _converter(field)
    if model_field is None and not isinstance(getattr(model, source, None), property):
        return name, _drf_path(field), None
    return name, attrgetter(source), _converter(field)


def _converter(field) -> Callable[[Any], Any]:
    """``field.to_representation``, with the field's settings looked up once for the whole list where DRF
    looks them up on every row: ISO dates, aware datetimes and decimals."""
    if isinstance(field, serializers.DateTimeField):
        return _datetime_converter(field)
    if isinstance(field, serializers.DateField):
        return _date_converter(field)
    if isinstance(field, serializers.DecimalField):
        return _decimal_converter(field)
    return field.to_representation


def _decimal_converter(field) -> Callable[[Any], Any]:
    """A decimal that already has the field's places (any value of a database column of that scale) as
    the string DRF gives, without quantising it again; any other value by DRF."""
    places = field.decimal_places
    coerce = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    if field.localize or places is None or not coerce:
        return field.to_representation

    # str() of a Decimal is DRF's text when it has the field's places and no exponent; so is str() of an
    # integer for a field without places (whole rials a selector read as integers).
    if places == 0:

        def drf_text(text: str) -> bool:
            return text.lstrip("-").isdigit()

    else:

        def drf_text(text: str) -> bool:
            point = text.find(".")
            return point >= 0 and len(text) - point - 1 == places and "E" not in text

    def convert(value):
        if value.__class__ is Decimal:
            text = str(value)
            if drf_text(text):
                return text
        elif value.__class__ is int and places == 0:
            return str(value)
        return field.to_representation(value)

    return convert


def _date_converter(field) -> Callable[[Any], Any]:
    output_format = getattr(field, "format", api_settings.DATE_FORMAT)
    if output_format is None or output_format.lower() != ISO_8601:
        return field.to_representation

    def convert(value):
        return value.isoformat() if type(value) is date else field.to_representation(value)

    return convert


def _datetime_converter(field) -> Callable[[Any], Any]:
    """An aware datetime in the field's (or the active) time zone, ISO 8601 with ``Z`` for UTC."""
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
    if output_format is None or output_format.lower() != ISO_8601 or zone is None:
        return field.to_representation

    def convert(value):
        if not isinstance(value, datetime) or value.utcoffset() is None:
            return field.to_representation(value)
        try:
            text = value.astimezone(zone).isoformat()
        except OverflowError:
            return field.to_representation(value)  # DRF's own error
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert


def _concrete_field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a property, a method or an annotation
        return None


def _pk_only(field) -> Callable[[Any], Any] | None:
    """The identity, for a primary-key relation DRF would answer with the bare key; otherwise None."""
    if isinstance(field, PrimaryKeyRelatedField) and field.pk_field is None:
        return _identity
    return None


def _identity(value):
    return value


def _prefetched(source: str) -> Callable[[Any], Any]:
    """A to-many relation's rows from the queryset's prefetch, without a related manager per row."""

    def read(instance):
        cache = getattr(instance, "_prefetched_objects_cache", None)
        if cache is not None and source in cache:
            return list(cache[source])
        related = getattr(instance, source)
        return related.all() if hasattr(related, "all") else related

    return read


def _many(field) -> Callable[[Iterable], list]:
    if isinstance(field, ManyRelatedField) and _pk_only(field.child_relation):
        return lambda related: [item.pk for item in related]
    return field.to_representation


def _drf_path(field) -> Callable[[Any], Any]:
    """DRF's own way for one field (``Serializer.to_representation``, field by field)."""

    def read(row):
        try:
            attribute = field.get_attribute(row)
        except SkipField:
            return _SKIP
        check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if check_for_none is None else field.to_representation(attribute)

    return read
