"""Labels of stored choices, for the ``get_FOO_display`` of fields that lists show on every row."""

from __future__ import annotations

from typing import Any

from django.db.models import Choices
from django.utils.encoding import force_str


def choice_label(choices: type[Choices], value: Any) -> Any:
    """The label of ``value`` in ``choices`` in the active language, or ``value`` itself when it is not
    one of them: what Django's ``get_FOO_display`` gives, without the dictionary of the field's choices
    it builds on every call (20 µs, paid on every row of a long list)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return force_str(value, strings_only=True)
