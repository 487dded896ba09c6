"""The portal's form renderer writes inputs and selects exactly as Django's widget templates do."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from revival_portal.core.form_renderer import (
    INPUT_TEMPLATES,
    LABEL_TEMPLATE,
    OPTION_TEMPLATE,
    SELECT_TEMPLATE,
    TEXTAREA_TEMPLATE,
    PortalFormRenderer,
)

TEMPLATES = TemplatesSetting()
PORTAL = PortalFormRenderer()

CHOICES = [
    ("", "---------"),
    ("a", "Ünïcode & <b>tags</b>"),
    (1, "one"),
    (Decimal("2.50"), mark_safe("<i>safe</i>")),
    ("Group 'x'", [("g1", "in a group"), ("g2", 'quote " inside')]),
]

WIDGETS = [
    (forms.TextInput(), "q", 'Tehran\'s <mine> & "quotes"'),
    (forms.TextInput(attrs={"placeholder": "نام", "required": True, "disabled": False}), "q", None),
    (forms.NumberInput(attrs={"step": "0.01", "min": 0}), "amount", Decimal("1250000.50")),
    (forms.EmailInput(), "email", "a@b.ir"),
    (forms.URLInput(), "site", "https://x.ir/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "password", "secret"),
    (forms.HiddenInput(), "page_size", 25),
    (forms.DateInput(attrs={"type": "date"}), "on", datetime.date(2026, 3, 21)),
    (forms.DateTimeInput(), "at", datetime.datetime(2026, 3, 21, 8, 30)),
    (forms.TimeInput(), "time", datetime.time(8, 30)),
    (forms.SearchInput(), "q", "x"),
    (forms.TelInput(), "tel", "+98 21"),
    (forms.ColorInput(), "colour", "#ffffff"),
    (forms.CheckboxInput(), "active", True),
    (forms.CheckboxInput(), "active", False),
    (forms.FileInput(), "document", None),
    (forms.Select(choices=CHOICES, attrs={"class": "form-select"}), "province", "a"),
    (forms.Select(choices=CHOICES), "province", None),
    (forms.Select(choices=CHOICES), "province", "g2"),
    (forms.Select(choices=CHOICES), "province", 1),
    (forms.SelectMultiple(choices=CHOICES), "minerals", ["a", "g1"]),
    (forms.NullBooleanSelect(), "verified", None),
    (forms.NullBooleanSelect(), "verified", True),
    (forms.Select(choices=[]), "empty", None),
    (forms.Textarea(attrs={"rows": 3, "maxlength": "2000"}), "note", "<b>bold</b> & 'quoted'\nsecond line"),
    (forms.Textarea(), "note", ""),
    (forms.Textarea(), "note", None),
    (forms.Textarea(), "note", mark_safe("<i>safe</i>")),
]


@pytest.mark.parametrize(("widget", "name", "value"), WIDGETS, ids=lambda w: type(w).__name__)
def test_the_same_markup_as_the_templates(widget, name, value):
    attrs = {"id": f"id_{name}", "aria-describedby": "help"}

    expected = widget.render(name, value, attrs=attrs, renderer=TEMPLATES)
    written = widget.render(name, value, attrs=attrs, renderer=PORTAL)

    assert written == expected
    assert type(written) is type(expected)


def test_other_widgets_render_with_the_templates():
    widget = forms.RadioSelect(choices=CHOICES[1:3])

    assert widget.render("r", "a", renderer=PORTAL) == widget.render("r", "a", renderer=TEMPLATES)


class Labelled(forms.Form):
    name = forms.CharField(label="Name <and> 'title'")
    hidden_id = forms.CharField(label=mark_safe("<em>safe</em>"), widget=forms.TextInput(attrs={"id": ""}))


@pytest.mark.parametrize("field", ["name", "hidden_id"])
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"attrs": {"class": "form-label small", "data-x": True}}, {"label_suffix": ":"}, {"tag": "legend"}],
)
def test_labels_are_those_of_the_template(field, kwargs):
    written = Labelled(renderer=PORTAL)[field].label_tag(**kwargs)
    expected = Labelled(renderer=TEMPLATES)[field].label_tag(**kwargs)

    assert written == expected
    assert type(written) is type(expected)


def test_an_option_with_its_own_template_is_rendered_by_it():
    class Labelled(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Labelled(choices=CHOICES[1:3])

    assert widget.render("x", "a", renderer=PORTAL) == widget.render("x", "a", renderer=TEMPLATES)


@pytest.mark.parametrize("template_name", sorted(INPUT_TEMPLATES - {"django/forms/widgets/input.html"}))
def test_each_input_template_is_only_the_input(template_name):
    """If Django ever gives one of these its own markup, it must leave the list."""
    source = get_template(template_name).template.source

    assert source.strip() == '{% include "django/forms/widgets/input.html" %}'


@pytest.mark.parametrize(
    "template_name", [*INPUT_TEMPLATES, SELECT_TEMPLATE, OPTION_TEMPLATE, TEXTAREA_TEMPLATE, LABEL_TEMPLATE]
)
def test_the_templates_written_in_python_are_django_s_own(template_name):
    """An override in templates/django/forms/ of a widget written in Python would be silently unused."""
    origin = get_template(template_name).origin.name

    assert "/django/forms/templates/" in origin
