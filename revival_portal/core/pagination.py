"""One page-size rule for every list, HTML and API: ``?page_size=`` (default 25, at most 100).

A missing, malformed, zero or negative value gives the default; a larger one gives the maximum: never an
error. HTML views paginate with ``paginate``; the API uses ``PortalPagination`` (DEFAULT_PAGINATION_CLASS).
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE_PARAM = "page_size"
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
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
