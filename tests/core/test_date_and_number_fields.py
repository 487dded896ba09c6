"""Dates typed in either calendar and numbers typed with Persian digits, in every form."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.utils import translation

from revival_portal.core.calendar import TEHRAN, parse_date
from revival_portal.core.fields import (
    CalendarDateField,
    CalendarDateTimeField,
    LocalisedDecimalField,
    MoneyFormField,
)
from revival_portal.core.text import normalize_number
from revival_portal.forms import BootstrapFormMixin


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2025-03-21", dt.date(2025, 3, 21)),
        ("1404/01/01", dt.date(2025, 3, 21)),
        ("۱۴۰۴/۰۱/۰۱", dt.date(2025, 3, 21)),
        ("1403/12/30", dt.date(2025, 3, 20)),
        (" 1404-1-1 ", dt.date(2025, 3, 21)),
    ],
)
def test_dates_are_read_in_either_calendar(typed, expected):
    assert parse_date(typed) == expected
    assert CalendarDateField().clean(typed) == expected


@pytest.mark.parametrize("typed", ["1404/13/01", "1404/12/31", "2025-02-30", "yesterday", "21/03/2025"])
def test_impossible_dates_are_a_field_error(typed):
    with translation.override("en"), pytest.raises(ValidationError, match="1404/01/01"):
        CalendarDateField().clean(typed)


class _DateForm(BootstrapFormMixin, django_forms.Form):
    day = CalendarDateField()
    tonnes = LocalisedDecimalField(max_digits=10, decimal_places=2)
    amount = MoneyFormField()
    jobs = django_forms.IntegerField()


def test_persian_pages_show_a_jalali_text_box_and_english_pages_a_date_picker():
    form = _DateForm(initial={"day": dt.date(2025, 3, 21)})
    with translation.override("fa"):
        html = str(form["day"])
        assert 'type="text"' in html
        assert 'value="۱۴۰۴/۰۱/۰۱"' in html
    with translation.override("en"):
        html = str(form["day"])
        assert 'type="date"' in html
        assert 'value="2025-03-21"' in html


def test_what_was_typed_comes_back_unchanged_on_an_error():
    form = _DateForm(data={"day": "۱۴۰۴/۱۳/۰۱", "tonnes": "x", "amount": "1", "jobs": "1"})
    assert not form.is_valid()
    assert 'value="۱۴۰۴/۱۳/۰۱"' in str(form["day"])


def test_numbers_typed_with_persian_digits_and_separators_are_read():
    form = _DateForm(data={"day": "1404/01/01", "tonnes": "۱۲٬۵۰۰٫۵", "amount": "۲,۰۰۰,۰۰۰", "jobs": "۱۲"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tonnes"] == Decimal("12500.5")
    assert form.cleaned_data["amount"] == Decimal("2000000")
    assert form.cleaned_data["jobs"] == 12
    assert 'type="text"' in str(form["jobs"])  # browsers refuse Persian digits in number inputs


def test_money_is_whole_rials_of_at_least_one():
    with pytest.raises(ValidationError):
        MoneyFormField().clean("0")
    with pytest.raises(ValidationError):
        MoneyFormField().clean("10.5")


def test_normalize_number_leaves_non_strings_alone():
    assert normalize_number(None) is None
    assert normalize_number("۱٬۲۳۴٫۵") == "1234.5"


def test_persian_date_boxes_carry_the_jalali_picker_and_english_ones_do_not():
    form = _DateForm()
    with translation.override("fa"):
        assert "data-jdp" in str(form["day"]) and "data-jdp-only-date" in str(form["day"])
    with translation.override("en"):
        assert "data-jdp" not in str(form["day"])


class _MomentForm(BootstrapFormMixin, django_forms.Form):
    closes = CalendarDateTimeField()


@pytest.mark.parametrize(
    "typed",
    ["۱۴۰۴/۰۱/۰۵ ۱۴:۳۰", "1404/01/05 14:30", "2025-03-25T14:30", "2025-03-25 14:30"],
)
def test_moments_are_read_in_tehran_time_in_either_calendar(typed):
    form = _MomentForm(data={"closes": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["closes"] == dt.datetime(2025, 3, 25, 14, 30, tzinfo=TEHRAN)


@pytest.mark.parametrize("typed", ["1404/01/05", "1404/01/05 25:00", "tomorrow 10:00"])
def test_a_moment_without_a_real_date_and_time_is_a_field_error(typed):
    form = _MomentForm(data={"closes": typed})
    assert not form.is_valid() and "closes" in form.errors


def test_moment_boxes_show_jalali_with_the_picker_on_persian_pages_and_datetime_local_on_english():
    moment = dt.datetime(2025, 3, 25, 11, 0, tzinfo=dt.UTC)  # 14:30 in Tehran
    form = _MomentForm(initial={"closes": moment})
    with translation.override("fa"):
        html = str(form["closes"])
        assert 'value="۱۴۰۴/۰۱/۰۵ ۱۴:۳۰"' in html and "data-jdp" in html and "data-jdp-only-date" not in html
    with translation.override("en"):
        html = str(form["closes"])
        assert 'type="datetime-local"' in html and 'value="2025-03-25T14:30"' in html


def test_a_field_error_is_tied_to_its_box_for_screen_readers():
    form = _DateForm(data={"day": "x", "tonnes": "1", "amount": "1", "jobs": "1"})
    assert not form.is_valid()
    html = str(form["day"])
    assert 'aria-invalid="true"' in html and 'aria-describedby="error-day"' in html
