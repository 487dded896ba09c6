"""Extension points through which apps beside financing add rules and panels without financing importing them.

* A *review entry check* is a callable ``check(application)`` that ``loan_application_start_review`` runs
  before the application enters review; it raises ``TransitionNotAllowed`` with a clear message to refuse.
* An *application panel* is a callable ``panel(application, user)`` returning ``(template_name, context)``
  or None; the application page renders each one under the guarantees.

Apps register theirs in ``AppConfig.ready()``.
"""

from collections.abc import Callable

review_entry_checks: list[Callable] = []
application_panels: list[Callable] = []


def register_review_entry_check(check: Callable) -> Callable:
    if check not in review_entry_checks:
        review_entry_checks.append(check)
    return check


def register_application_panel(panel: Callable) -> Callable:
    if panel not in application_panels:
        application_panels.append(panel)
    return panel


def run_review_entry_checks(application) -> None:
    """Run every registered check; the first refusal propagates."""
    for check in review_entry_checks:
        check(application)


def panels_for(application, user) -> list[tuple[str, dict]]:
    """The extra panels ``user`` sees on ``application``'s page."""
    return [panel for panel in (make(application, user) for make in application_panels) if panel]
