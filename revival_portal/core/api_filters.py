"""The API's filter backend: django-filter's, without its form when a request filters on nothing."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend builds and validates a bound filter form on every request, even one that
    gives none of the filter set's parameters (most list requests, and it costs about as much as serialising
    a page of a small list). Such a request is answered with the queryset as it is: an empty filter never
    narrows a queryset (django-filter skips empty values, filter methods included), and a filter set with a
    required filter still goes through the form, which answers its 400.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not _filters_on_anything(filterset_class, request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _filters_on_anything(filterset_class, params) -> bool:
    filters = filterset_class.base_filters
    if any(flt.extra.get("required") for flt in filters.values()):
        return True
    # A filter of several inputs reads "<name>_<suffix>" parameters (a range's "_min" and "_max").
    return any(param == name or param.startswith(f"{name}_") for param in params for name in filters)
