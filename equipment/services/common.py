"""Helpers shared by the equipment services: actor checks, the event row and lazily localised dates."""

import datetime as dt

from django.utils.functional import lazy

from equipment.models import EquipmentEvent
from revival_portal.core.templatetags.jalali import localdate


def event_record(*, kind: str, actor=None, request=None, booking=None, tender=None, note: str = ""):
    """Write one row of the equipment event log."""
    return EquipmentEvent.objects.create(
        kind=kind, actor=actor, request=request, booking=booking, tender=tender, note=note
    )


def _local_date_text(value: dt.date | dt.datetime) -> str:
    return str(localdate(value))


# Rendered when the message is rendered, so each recipient reads Jalali or Gregorian in their own language.
lazy_date = lazy(_local_date_text, str)


def _name(obj) -> str:
    return str(obj.name)


# A model's name (``Mineral.name``, ``UnitType.name``) in the language the message is rendered in.
lazy_name = lazy(_name, str)
