"""The header's menu: ``{% main_menu %}`` in base.html."""

from django import template

from revival_portal.navigation import menu_html

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The entries of the signed-in person (the ``menu`` of ``accounts.context_processors.roles``); none on
    a page rendered without the request's context."""
    request = context.get("request")
    if request is None or not context.get("menu"):
        return ""
    return menu_html(context["menu"], request.path)
