"""Orders that settle ties: the lists sort by the columns asked for, then by the primary key.

Rows that tie on the columns asked for (two mines with as many jobs, reports of one month) come back from
the database in any order, which may differ from one page's query to the next: paging would show some rows
twice and others never. The primary key last, in the direction of the first column, fixes one order.
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from rest_framework import filters


def settled(queryset: QuerySet) -> QuerySet:
    """``queryset`` in its order (asked for, or the model's default) with the primary key last."""
    query = queryset.query
    ordering = list(query.order_by) or (list(queryset.model._meta.ordering) if query.default_ordering else [])
    names = [str(field) for field in ordering if isinstance(field, str)]
    if len(names) != len(ordering) or not ordering:
        return queryset  # an expression or no order at all: left as it is
    pk_names = {"pk", queryset.model._meta.pk.name, queryset.model._meta.pk.attname}
    if any(name.lstrip("-") in pk_names for name in names):
        return queryset
    return queryset.order_by(*names, "-pk" if names[0].startswith("-") else "pk")


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's ``?ordering=`` with ties settled by the primary key."""

    def filter(self, qs, value):
        return settled(super().filter(qs, value))


class ApiOrderingFilter(filters.OrderingFilter):
    """DRF's ``?ordering=`` (or the view's or model's default order) with ties settled by the primary key."""

    def filter_queryset(self, request, queryset, view):
        return settled(super().filter_queryset(request, queryset, view))
