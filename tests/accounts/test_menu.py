"""The header's menu is rendered once per process for each menu, page and language, and stays exact."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from revival_portal.navigation import _menu_html, menu_html, menu_sections
from tests.factories import FundOfficerFactory, OperatorFactory

pytestmark = pytest.mark.django_db


def test_each_role_page_and_language_has_its_own_menu():
    operator, officer = OperatorFactory(), FundOfficerFactory()
    _menu_html.cache_clear()

    with translation.override("en"):
        mine_list = menu_html(menu_sections(operator), "/mines/")
        dashboard = menu_html(menu_sections(operator), "/dashboard/")
        officers = menu_html(menu_sections(officer), "/mines/")
    with translation.override("fa"):
        persian = menu_html(menu_sections(operator), "/mines/")

    assert 'href="/mines/" aria-current="page"' in mine_list
    assert 'aria-current="page"' not in dashboard.split('href="/mines/"')[1].split("</a>")[0]
    assert "My mines" in mine_list and "My mines" not in officers
    assert "My mines" not in persian
    assert len({mine_list, dashboard, officers, persian}) == 4


def test_the_same_menu_is_rendered_once():
    operator = OperatorFactory()
    _menu_html.cache_clear()

    with translation.override("en"):
        first = menu_html(menu_sections(operator), "/mines/")
        second = menu_html(menu_sections(OperatorFactory()), "/mines/")

    assert first == second
    assert _menu_html.cache_info().hits == 1


def test_a_page_without_the_request_context_has_no_menu():
    template = Template("{% load menu %}[{% main_menu %}]")

    assert template.render(Context({})) == "[]"
    request = RequestFactory().get("/")
    assert template.render(Context({"request": request, "menu": []})) == "[]"
