"""The inbox as CSV and XLSX: one's own notifications only, the page's unread filter, flat queries,
Persian headers and Jalali times, formulas neutralised."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from revival_portal.notifications.exports import NOTIFICATION_EXPORT
from revival_portal.notifications.models import Notification
from tests.exports import body, csv_table, records, xlsx_table
from tests.factories import OperatorFactory, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def url(fmt: str = "csv") -> str:
    return reverse("exports:download", args=["notifications", fmt])


def note(user, subject="Hello", **fields) -> Notification:
    return Notification.objects.create(recipient=user, kind="test", subject=subject, **fields)


def test_ones_own_notifications_like_the_page_with_its_filter():
    user, other = OperatorFactory(), OperatorFactory()
    read = note(user, "Read one", read_at=timezone.now())
    unread = note(user, "Unread one")
    note(other, "Someone else's")
    client = signed_in(user)
    for params in ({}, {"unread": "1"}):
        page = client.get(reverse("notifications:inbox"), params).context["page"]
        rows = records(csv_table(client.get(url(), params)), NOTIFICATION_EXPORT)
        assert [row["id"] for row in rows] == [str(n.pk) for n in page.object_list], params
    rows = records(xlsx_table(client.get(url("xlsx"))), NOTIFICATION_EXPORT)
    assert sorted(row["id"] for row in rows) == sorted([read.pk, unread.pk])
    assert [
        row["subject"] for row in records(csv_table(client.get(url(), {"unread": "1"})), NOTIFICATION_EXPORT)
    ] == ["Unread one"]
    assert Client().get(url()).status_code == 302  # to sign in


def test_persian_headers_jalali_times_and_formulas_neutralised():
    user = OperatorFactory()
    made = note(user, "=cmd|' /C calc'!A0")
    Notification.objects.filter(pk=made.pk).update(created_at=dt.datetime(2025, 3, 21, 6, 0, tzinfo=dt.UTC))
    client = signed_in(user, language="fa")
    with translation.override("fa"):
        (row,) = records(csv_table(client.get(url())), NOTIFICATION_EXPORT)
        assert NOTIFICATION_EXPORT.headers()[0] == "شناسه"
    assert row["subject"].startswith("'=")
    assert row["created_at"] == "1404/01/01 09:30"  # Tehran time


def test_queries_do_not_grow_with_rows():
    user = OperatorFactory()
    client = signed_in(user)

    def counted(fmt):
        body(client.get(url(fmt)))  # warm: roles and unread count are cached
        with CaptureQueriesContext(connection) as queries:
            body(client.get(url(fmt)))
        return len(queries)

    for n in range(2):
        note(user, f"Note {n}")
    few = {fmt: counted(fmt) for fmt in ("csv", "xlsx")}
    for n in range(20):
        note(user, f"More {n}")
    assert {fmt: counted(fmt) for fmt in ("csv", "xlsx")} == few


def test_the_inbox_links_its_export_with_the_filter():
    html = signed_in(OperatorFactory()).get(reverse("notifications:inbox"), {"unread": "1"}).content.decode()
    assert f'href="{url()}?unread=1"' in html and f'href="{url("xlsx")}?unread=1"' in html
