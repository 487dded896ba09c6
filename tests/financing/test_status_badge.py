"""The status badges of applications, loans and the processing units' records, as their pages show them."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from equipment.choices import BookingStatus, RequestStatus, TenderStatus, UnitStatus
from financing.choices import ApplicationStatus, LoanStatus


def _item(choices, value):
    return SimpleNamespace(status=value, get_status_display=lambda: choices(value).label)


def _render(library: str, tag: str, item) -> str:
    return Template(f"{{% load {library} %}}{{% {tag} item %}}").render(Context({"item": item}))


@pytest.mark.parametrize(
    ("choices", "value", "classes"),
    [
        (ApplicationStatus, "approved", "bg-success"),
        (LoanStatus, "repaying", "bg-success"),
        (LoanStatus, "closed", "bg-success"),
        (ApplicationStatus, "rejected", "bg-secondary"),
        (ApplicationStatus, "withdrawn", "bg-secondary"),
        (ApplicationStatus, "info_requested", "bg-warning text-dark"),
        (ApplicationStatus, "draft", "bg-light text-dark border"),
        (ApplicationStatus, "submitted", "bg-primary"),
        (LoanStatus, "disbursing", "bg-primary"),
    ],
)
def test_an_application_or_a_loan_shows_its_status_in_its_colour(choices, value, classes):
    with translation.override("en"):
        html = _render("financing_status", "financing_status", _item(choices, value))
        label = str(choices(value).label)

    assert html == f'<span class="badge {classes}" data-status="{value}">{label}</span>'


@pytest.mark.parametrize(
    ("choices", "value", "classes"),
    [
        (RequestStatus, "requested", "text-bg-primary"),
        (BookingStatus, "scheduled", "text-bg-primary"),
        (TenderStatus, "published", "text-bg-primary"),
        (BookingStatus, "deployed", "text-bg-success"),
        (UnitStatus, "available", "text-bg-success"),
        (BookingStatus, "completed", "text-bg-secondary"),
        (TenderStatus, "awarded", "text-bg-secondary"),
        (RequestStatus, "cancelled", "text-bg-danger"),
        (UnitStatus, "retired", "text-bg-danger"),
        (UnitStatus, "maintenance", "text-bg-warning"),
        (TenderStatus, "closed", "text-bg-warning"),
    ],
)
def test_a_unit_request_booking_or_tender_shows_its_status_in_its_colour(choices, value, classes):
    with translation.override("fa"):
        html = _render("equipment_status", "equipment_status", _item(choices, value))
        label = str(choices(value).label)

    assert html == f'<span class="badge {classes}" data-status="{value}">{label}</span>'


def test_the_label_is_escaped():
    item = SimpleNamespace(status="draft", get_status_display=lambda: "<b>draft</b>")

    assert "&lt;b&gt;draft&lt;/b&gt;" in _render("financing_status", "financing_status", item)
    assert "&lt;b&gt;" in _render("equipment_status", "equipment_status", item)
