"""The portal's form renderer: inputs, selects, text areas and labels are written in Python, the rest by
templates.

Every list page has a filter form of selects (31 provinces, the minerals, the stages…) and inputs. Django
renders each widget — and each option of a select — through its template files (input.html, attrs.html,
select.html, select_option.html), which cost a list page of 100,000 mines about ten milliseconds before
it showed a row. ``PortalFormRenderer`` writes exactly what those templates write for the widgets below,
text areas and labels, and hands every other template (radios, the admin's widgets, a custom option) to
``TemplatesSetting``, so ``templates/django/forms/`` may still override those. The markup is the same byte
for byte: ``tests/core/test_form_renderer.py`` renders each widget both ways and compares.
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
# Each of these templates is only {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
        "file",
    )
)
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"
TEXTAREA_TEMPLATE = f"{WIDGETS}textarea.html"
LABEL_TEMPLATE = "django/forms/label.html"

# What {{ value }} does in a widget template: localise, then escape unless marked safe.
_TEMPLATE_CONTEXT = Context(autoescape=True)


def _shown(value) -> str:
    """{{ value }}"""
    return render_value_in_context(value, _TEMPLATE_CONTEXT)


def _formatted(value) -> str:
    """{{ value|stringformat:'s' }}: as text, not localised; escaped unless marked safe."""
    return conditional_escape(value)


def _attrs(attrs: dict) -> str:
    """attrs.html: a False attribute is left out, a True one is written bare."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """input.html"""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    kind, name = _shown(widget["type"]), _shown(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    """textarea.html"""
    text = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


def _label(context) -> str:
    """label.html (a field's label_tag)"""
    if not context["use_tag"]:
        return _shown(context["label"])
    tag = _shown(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_shown(context['label'])}</{tag}>"


class PortalFormRenderer(TemplatesSetting):
    """``TemplatesSetting`` with inputs, selects, text areas and labels written without the templates."""

    def render(self, template_name, context, request=None):
        # Every value written into the markup went through _shown or _formatted: escaped unless safe.
        if template_name in INPUT_TEMPLATES:
            return mark_safe(_input(context["widget"]))  # noqa: S308
        if template_name == SELECT_TEMPLATE:
            return mark_safe(self._select(context).strip())  # noqa: S308
        if template_name == TEXTAREA_TEMPLATE:
            return mark_safe(_textarea(context["widget"]))  # noqa: S308
        if template_name == LABEL_TEMPLATE:
            return mark_safe(_label(context).strip())  # noqa: S308
        return super().render(template_name, context, request=request)

    def _select(self, context) -> str:
        """select.html, with select_option.html written in place (another option template is rendered)."""
        widget = context["widget"]
        parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
            for option in group_choices:
                parts.append("\n  ")
                parts.append(self._option(option, context))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)

    def _option(self, option: dict, context) -> str:
        if option["template_name"] != OPTION_TEMPLATE:
            # As {% include option.template_name with widget=option %}: the select's context, the template's
            # own text (trailing newline and all).
            return self.get_template(option["template_name"]).render({**context, "widget": option})
        return (
            f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_shown(option['label'])}</option>\n"
        )
