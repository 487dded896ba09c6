"""A row's page address, remembered per view, is the one ``reverse`` gives."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse, set_script_prefix

from revival_portal.core import links
from revival_portal.core.links import row_url

ROW_VIEWS = [
    "mines:detail",
    "financing:application_detail",
    "financing:loan_detail",
    "associations:session_detail",
    "associations:offer_detail",
    "exports:job",
]


@pytest.mark.parametrize("viewname", ROW_VIEWS)
def test_a_rows_address_is_what_reverse_gives(viewname):
    for pk in (1, 7, 40, 918273645546372819, 10**20):
        assert row_url(viewname, pk) == reverse(viewname, args=[pk])


def test_the_address_follows_the_script_prefix():
    try:
        set_script_prefix("/portal/")
        assert row_url("mines:detail", 5) == reverse("mines:detail", args=[5]) == "/portal/mines/5/"
    finally:
        set_script_prefix("/")
    assert row_url("mines:detail", 5) == "/mines/5/"


def test_a_view_without_a_rows_id_is_refused(monkeypatch):
    with pytest.raises(NoReverseMatch):
        row_url("mines:list", 5)
    # A view whose address does not show the id as given (a converter that rewrites it) is refused too.
    monkeypatch.setattr(links, "reverse", lambda viewname, args, urlconf: "/mines/first/")
    links._around_id.cache_clear()
    with pytest.raises(ImproperlyConfigured):
        row_url("mines:detail", 5)
    links._around_id.cache_clear()
