"""A record's status as a coloured badge, written in Python: a list shows one on every row."""

from collections.abc import Mapping

from django.utils.html import format_html


def status_badge(item, classes: Mapping[str, str], default: str) -> str:
    """``item``'s status label in a badge with the classes of its status (``default`` for the others); the
    status value is in ``data-status``."""
    status = item.status
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        classes.get(status, default),
        status,
        item.get_status_display(),
    )
