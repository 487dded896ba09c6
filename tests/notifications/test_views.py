"""The inbox page, the unread count in the header, and the notifications API."""

import pytest
from django.urls import reverse

from revival_portal.notifications.services import notify
from tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


def test_header_shows_the_unread_count_and_the_inbox_lists_own_notifications(client):
    user, other = OperatorFactory(), OperatorFactory()
    notify(recipients=[user], kind="t", subject="Your mine was verified", send_email=False)
    notify(recipients=[user], kind="t", subject="Second", send_email=False)
    notify(recipients=[other], kind="t", subject="Not yours", send_email=False)
    client.force_login(user)

    html = client.get(reverse("notifications:inbox")).content.decode()

    assert 'id="unread-count">۲<' in html
    assert "Your mine was verified" in html
    assert "Not yours" not in html


def test_mark_all_read_clears_the_count(client):
    user = OperatorFactory()
    notify(recipients=[user], kind="t", subject="x", send_email=False)
    client.force_login(user)

    client.post(reverse("notifications:mark_all_read"))

    assert 'id="unread-count"' not in client.get(reverse("dashboard")).content.decode()


def test_marking_someone_elses_notification_changes_nothing(client):
    user, other = OperatorFactory(), OperatorFactory()
    [foreign] = notify(recipients=[other], kind="t", subject="x", send_email=False)
    client.force_login(user)
    client.post(reverse("notifications:mark_read", args=[foreign.pk]))
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_api_lists_own_notifications_and_hides_others_with_404(client):
    user, other = OperatorFactory(), OperatorFactory()
    [own] = notify(recipients=[user], kind="t", subject="mine", send_email=False)
    [foreign] = notify(recipients=[other], kind="t", subject="theirs", send_email=False)
    client.force_login(user)

    listing = client.get("/api/v1/notifications/").json()
    assert [n["id"] for n in listing["results"]] == [own.pk]
    assert client.get(f"/api/v1/notifications/{foreign.pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{own.pk}/mark-read/").json()["read_at"]


def test_signed_out_visitors_are_sent_to_login(client):
    assert client.get(reverse("notifications:inbox")).status_code == 302
    assert client.get("/api/v1/notifications/").status_code in (401, 403)
