"""Extension points through which apps beside equipment add panels without equipment importing them.

* A *request panel* is a callable ``panel(unit_request, user)`` returning ``(template_name, context)`` or
  None; the unit request page renders each one under the request's facts.

Apps register theirs in ``AppConfig.ready()``.
"""

from collections.abc import Callable

request_panels: list[Callable] = []


def register_request_panel(panel: Callable) -> Callable:
    if panel not in request_panels:
        request_panels.append(panel)
    return panel


def request_panels_for(unit_request, user) -> list[tuple[str, dict]]:
    """The extra panels ``user`` sees on ``unit_request``'s page."""
    return [panel for panel in (make(unit_request, user) for make in request_panels) if panel]
