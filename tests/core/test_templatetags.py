"""The jalali template filters follow the active language."""

import datetime as dt
from decimal import Decimal

import jdatetime
import pytest
from django.template import Context, Template
from django.utils import translation

from revival_portal.core.templatetags.jalali import digits, localdate, rials, tonnes


def render(source, **context):
    return Template("{% load jalali %}" + source).render(Context(context))


@pytest.mark.parametrize(("language", "expected"), [("fa", "۱۴۰۴/۰۱/۰۱"), ("en", "2025-03-21")])
def test_localdate_renders_a_date(language, expected):
    with translation.override(language):
        assert render("{{ d|localdate }}", d=dt.date(2025, 3, 21)) == expected


@pytest.mark.parametrize(("language", "expected"), [("fa", "۱۴۰۴/۰۱/۰۱ ۱۳:۳۰"), ("en", "2025-03-21 13:30")])
def test_localdate_renders_a_datetime_in_tehran_time(language, expected):
    with translation.override(language):
        assert render("{{ d|localdate }}", d=dt.datetime(2025, 3, 21, 10, 0, tzinfo=dt.UTC)) == expected


def test_localdate_empty_and_foreign_values():
    with translation.override("fa"):
        assert render("{{ d|localdate }}", d=None) == ""
        assert render("{{ missing|localdate }}") == ""
        assert render("{{ d|localdate }}", d="<b>soon</b>") == "&lt;b&gt;soon&lt;/b&gt;"
        assert localdate(jdatetime.date(1404, 1, 1)) == "۱۴۰۴/۰۱/۰۱"
    with translation.override("en"):
        assert localdate(jdatetime.date(1404, 1, 1)) == "2025-03-21"


def test_localdate_with_translations_deactivated():
    with translation.override(None):
        assert localdate(dt.date(2025, 3, 21)) == "2025-03-21"


@pytest.mark.parametrize(
    ("value", "fa", "en"),
    [
        (1234567, "۱٬۲۳۴٬۵۶۷", "1,234,567"),
        (0, "۰", "0"),
        (999, "۹۹۹", "999"),
        (-2500000, "-۲٬۵۰۰٬۰۰۰", "-2,500,000"),
        (Decimal("1234.5"), "۱٬۲۳۵", "1,235"),
        ("۱۲۳۴۵", "۱۲٬۳۴۵", "12,345"),
        (10**20, "۱۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰", "100,000,000,000,000,000,000"),
        (None, "—", "—"),
    ],
)
def test_rials(value, fa, en):
    with translation.override("fa"):
        assert render("{{ v|rials }}", v=value) == fa
    with translation.override("en"):
        assert render("{{ v|rials }}", v=value) == en


def test_rials_leaves_non_numbers_alone():
    assert rials("n/a") == "n/a"
    assert rials(Decimal("NaN")).is_nan()
    assert rials(True) is True
    assert render("{{ v|rials }}", v="<i>x</i>") == "&lt;i&gt;x&lt;/i&gt;"


def test_digits():
    with translation.override("fa"):
        assert render("{{ v|digits }}", v="Unit 12") == "Unit ۱۲"
        assert render("{{ v|digits }}", v=None) == ""
        assert render("{{ v|digits }}", v="<b>1</b>") == "&lt;b&gt;۱&lt;/b&gt;"
    with translation.override("en"):
        assert render("{{ v|digits }}", v=1404) == "1404"
        assert digits(None) == ""


def test_tonnes_show_separators_and_only_needed_decimals():
    with translation.override("en"):
        assert tonnes(Decimal("12500.50")) == "12,500.5"
        assert tonnes(Decimal("1000.00")) == "1,000"
        assert tonnes(None) == "—"
    with translation.override("fa"):
        assert tonnes(Decimal("12500.50")) == "۱۲٬۵۰۰٫۵"
