"""One page-size rule for every list, HTML and API: ``?page_size=`` (default 25, at most 100).

A missing, malformed, zero or negative value gives the default; a larger one gives the maximum: never an
error. HTML views paginate with ``paginate``; the API uses ``PortalPagination`` (DEFAULT_PAGINATION_CLASS).
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Subquery, Value
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE_PARAM = "page_size"
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
# Pages further than this are left to the paginator's own count (no list is that long).
MAX_COUNTED_OFFSET = 2**31
# The sizes the pages' selector offers (any size up to the maximum may be asked for in the address).
PAGE_SIZE_CHOICES = (10, 25, 50, 100)


def page_size(request) -> int:
    """The page size ``request`` asks for, by the rule above."""
    try:
        size = int(request.GET.get(PAGE_SIZE_PARAM, DEFAULT_PAGE_SIZE))
    except (TypeError, ValueError):
        return DEFAULT_PAGE_SIZE
    if size < 1:
        return DEFAULT_PAGE_SIZE
    return min(size, MAX_PAGE_SIZE)


def paginate(request, object_list, count: int | None = None) -> Page:
    """The page of ``object_list`` that ``?page=`` and ``?page_size=`` ask for (a bad page number gives the
    first or last page). The page carries the sizes its selector offers (``includes/pagination.html``).
    ``count``: the number of rows when the caller knows it already (saves the count query)."""
    size = page_size(request)
    paginator = Paginator(object_list, size)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    page.page_size_choices = sorted({*PAGE_SIZE_CHOICES, size})
    return page


class PortalPagination(PageNumberPagination):
    """The API's pagination: ``?page=`` and ``?page_size=``, by the same rule as the pages."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = PAGE_SIZE_PARAM
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        return page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        """A page and the count in one query where the list allows it (see ``_page_with_count``)."""
        page = self._page_with_count(queryset, request)
        if page is None:
            return super().paginate_queryset(queryset, request, view)
        self.request, self.page = request, page
        if page.paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True  # the browsable API's page links, as DRF sets them
        return list(page)

    def _page_with_count(self, queryset, request) -> Page | None:
        """The page asked for by number, its rows carrying the list's count from a scalar subquery (one
        statement rather than a COUNT query and a page query); None (the two queries apart) for a page
        past the end, ``?page=last``, or a queryset of dicts, grouped, distinct or sliced."""
        number = request.query_params.get(self.page_query_param, "1")
        if not (isinstance(queryset, QuerySet) and number.isdigit() and int(number) >= 1):
            return None
        query = queryset.query
        if query.values_select or query.distinct or query.group_by is not None or query.combinator:
            return None
        if query.is_sliced:
            return None
        size = self.get_page_size(request)
        first = (int(number) - 1) * size
        if first > MAX_COUNTED_OFFSET:
            return None  # past the end of any list (and of an SQL OFFSET): the paginator answers 404
        # A constant "group": COUNT(*) over the whole filtered list, one row even when it is empty.
        counted = queryset.order_by().values(portal_list_all=Value(1)).annotate(rows=Count("*"))
        total = counted.values("rows")
        rows = list(queryset.annotate(portal_list_count=Subquery(total))[first : first + size])
        if not rows:
            return None
        paginator = self.django_paginator_class(queryset, size)
        paginator.count = rows[0].portal_list_count
        return Page(rows, int(number), paginator)
