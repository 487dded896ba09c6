"""Pages: 404 isolation, field errors that keep what was typed, constant query counts, reviewer actions."""

import datetime as dt

import jdatetime
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mines.choices import RevivalStage, Verification
from mines.forms import previous_jalali_month, unfiled_month
from mines.models import Mine
from revival_portal.core.calendar import jalali_period_label
from tests.mines.factories import MineFactory, PendingMineFactory, ProductionReportFactory, mineral

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "معدن باریت دره سبز",
        "province": "IR-21",
        "county": "بافق",
        "latitude": "31.60000",
        "longitude": "55.40000",
        "primary_mineral": mineral("barite").pk,
        "other_minerals": [mineral("celestite").pk],
        "licence_type": "exploitation",
        "licence_number": "EXP-1401-77777",
        "licence_issued_on": "2023-01-10",
        "licence_expires_on": "2030-01-10",
        "jobs_before": "2",
        "jobs_now": "5",
        "annual_output_tonnes": "3000",
        "proven_reserve_tonnes": "",
    }
    data.update(overrides)
    return data


# --- 404 isolation: operator B's mine through every page ----------------------------------------------

ISOLATED_GETS = ["mines:detail", "mines:edit", "mines:figures", "mines:report_create"]
ISOLATED_POSTS = [
    "mines:edit",
    "mines:figures",
    "mines:report_create",
    "mines:verify",
    "mines:reject",
    "mines:stage",
]


@pytest.mark.parametrize("url_name", ISOLATED_GETS)
def test_another_operators_mine_is_404_on_every_page(other_client, operator, url_name):
    mine = (
        PendingMineFactory(operator=operator) if url_name == "mines:edit" else MineFactory(operator=operator)
    )
    assert other_client.get(reverse(url_name, args=[mine.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ISOLATED_POSTS)
def test_another_operators_mine_is_404_on_every_post(other_client, operator, url_name):
    mine = PendingMineFactory(operator=operator, name="Untouched")
    response = other_client.post(reverse(url_name, args=[mine.pk]), form_data(name="Hijacked", reason="x"))
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.name == "Untouched"
    assert mine.verification_status == Verification.PENDING
    assert not mine.production_reports.exists()


def test_list_filters_and_exports_never_show_another_operators_mine(other_client, operator, other_operator):
    MineFactory(operator=operator, name="Secret mine", licence_number="SECRET-1")
    MineFactory(operator=other_operator, name="Own mine")
    for url in (
        reverse("mines:list") + "?q=Secret",
        reverse("mines:list") + f"?province=IR-10&mineral={mineral().pk}",
        reverse("exports:download", args=["mines", "csv"]) + "?q=SECRET",
    ):
        response = other_client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"Secret mine" not in body and b"SECRET-1" not in body
    response = other_client.get(reverse("mines:list"))
    assert [m.name for m in response.context["page"]] == ["Own mine"]


def test_operator_cannot_open_reviewer_pages(operator_client):
    assert operator_client.get(reverse("mines:review_queue")).status_code == 403
    assert operator_client.get(reverse("mines:import")).status_code == 403


# --- registering: refused inputs keep what was typed ---------------------------------------------------


def test_register_a_mine(operator_client, operator):
    response = operator_client.post(reverse("mines:register"), form_data())
    mine = Mine.objects.get(licence_number="EXP-1401-77777")
    assert response.status_code == 302 and response.url == mine.get_absolute_url()
    assert mine.operator == operator and mine.verification_status == Verification.PENDING
    assert list(mine.other_minerals.all()) == [mineral("celestite")]


def test_register_accepts_persian_digits_and_a_jalali_date(operator_client):
    response = operator_client.post(
        reverse("mines:register"),
        form_data(latitude="۳۱٫۶", jobs_now="۱۲", licence_issued_on="۱۴۰۱/۱۰/۲۰", licence_number="J-1"),
    )
    assert response.status_code == 302
    mine = Mine.objects.get(licence_number="J-1")
    assert str(mine.licence_issued_on) == "2023-01-10"
    assert mine.jobs_now == 12


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"licence_number": "DUP-1"}, "licence_number", "already registered"),
        ({"latitude": "48.85", "longitude": "2.35"}, "latitude", "inside Iran"),
        ({"licence_expires_on": "2022-01-01"}, "licence_expires_on", "expire after"),
    ],
)
def test_register_refuses_bad_input_with_a_field_message_and_keeps_the_form(
    operator_client, overrides, field, message
):
    MineFactory(licence_number="DUP-1")
    data = form_data(**overrides)
    response = operator_client.post(reverse("mines:register"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    for typed in (data["name"], data["licence_number"], data["latitude"], data["licence_expires_on"], "بافق"):
        assert f'value="{typed}"' in html
    assert f'<option value="{data["other_minerals"][0]}" selected>' in html
    assert Mine.objects.count() == 1


def test_edit_while_pending_then_refused_after_verification(operator_client, operator, reviewer):
    mine = PendingMineFactory(operator=operator)
    response = operator_client.post(
        reverse("mines:edit", args=[mine.pk]), form_data(licence_number=mine.licence_number)
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.name == "معدن باریت دره سبز"
    mine.verification_status = Verification.VERIFIED
    mine.save()
    response = operator_client.get(reverse("mines:edit", args=[mine.pk]))
    assert response.status_code == 302


def test_update_operating_figures(operator_client, operator):
    mine = MineFactory(operator=operator)
    response = operator_client.post(
        reverse("mines:figures", args=[mine.pk]),
        {
            "jobs_now": "31",
            "annual_output_tonnes": "15000",
            "proven_reserve_tonnes": "",
            "note": "second shift",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.jobs_now == 31


def test_file_a_report_and_a_second_for_the_same_period_is_refused(operator_client, operator):
    mine = MineFactory(operator=operator)
    data = {
        "period_year": "1403",
        "period_month": "8",
        "jobs": "14",
        "tonnes_mined": "1500",
        "tonnes_sold": "1400",
        "revenue_rials": "7000000000",
    }
    url = reverse("mines:report_create", args=[mine.pk])
    assert operator_client.post(url, data).status_code == 302
    response = operator_client.post(url, {**data, "jobs": "99"})
    assert response.status_code == 200
    assert "already been filed" in " ".join(response.context["form"].errors["period_month"])
    assert 'value="99"' in response.content.decode()
    assert mine.production_reports.count() == 1


def test_report_form_suggests_the_latest_month_not_filed_and_lists_the_filed_ones(operator_client, operator):
    mine = MineFactory(operator=operator)
    year, month = previous_jalali_month()
    ProductionReportFactory(mine=mine, period_year=year, period_month=month)
    response = operator_client.get(reverse("mines:report_create", args=[mine.pk]))
    form = response.context["form"]
    earlier = (year, month - 1) if month > 1 else (year - 1, 12)
    assert (form["period_year"].value(), form["period_month"].value()) == earlier
    assert form.filed_periods == [jalali_period_label(year, month)]
    assert 'id="filed-periods"' in response.content.decode()


def test_unfiled_month_skips_back_over_filed_months_at_most_a_year():
    today = jdatetime.date(1404, 2, 10).togregorian()
    assert unfiled_month({(1404, 1), (1403, 12)}, today) == (1403, 11)
    every_month = {(1404, 1), *((1403, m) for m in range(1, 13))}
    assert unfiled_month(every_month, today) == (1404, 1)


# --- reviewer ---------------------------------------------------------------------------------------


def test_review_queue_verify_and_reject(reviewer_client):
    first, second = PendingMineFactory(name="First"), PendingMineFactory(name="Second")
    MineFactory(name="Already verified")
    response = reviewer_client.get(reverse("mines:review_queue"))
    assert [m.name for m in response.context["page"]] == ["Second", "First"]  # newest first
    assert (
        reviewer_client.post(reverse("mines:verify", args=[first.pk]), {"next": "queue"}).status_code == 302
    )
    response = reviewer_client.post(reverse("mines:reject", args=[second.pk]), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    reviewer_client.post(reverse("mines:reject", args=[second.pk]), {"reason": "No licence copy"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.verification_status == Verification.VERIFIED
    assert (second.verification_status, second.verification_reason) == (
        Verification.REJECTED,
        "No licence copy",
    )


def test_stage_change_with_note_shows_in_history(reviewer_client):
    mine = MineFactory(revival_stage=RevivalStage.INTERVENTION)
    response = reviewer_client.post(
        reverse("mines:stage", args=[mine.pk]), {"stage": RevivalStage.ACTIVE, "note": "Jig installed"}
    )
    assert response.status_code == 302
    page = reviewer_client.get(mine.get_absolute_url()).content.decode()
    assert "Jig installed" in page


def test_detail_flags_expired_licence(operator_client, operator):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    mine = MineFactory(
        operator=operator,
        licence_issued_on=today - dt.timedelta(days=800),
        licence_expires_on=today - dt.timedelta(days=3),
    )
    ProductionReportFactory(mine=mine)
    detail = operator_client.get(mine.get_absolute_url()).content.decode()
    listing = operator_client.get(reverse("mines:list") + "?licence_expired=true").content.decode()
    assert "licence-expired" in detail and "licence-expired" in listing
    assert 'id="eligibility"' in detail


def test_pages_work_in_persian(operator_client, operator):
    mine = MineFactory(operator=operator)
    operator_client.cookies["django_language"] = "fa"
    response = operator_client.get(mine.get_absolute_url())
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


# --- constant queries --------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("client_fixture", ["reviewer_client", "operator_client"])
def test_list_runs_a_constant_number_of_queries(request, operator, django_assert_num_queries, client_fixture):
    client = request.getfixturevalue(client_fixture)
    url = reverse("mines:list") + "?page_size=100"

    def add(count):
        for _ in range(count):
            mine = MineFactory(operator=operator)
            mine.other_minerals.set([mineral("zinc"), mineral("lead")])

    add(10)
    client.get(url)  # the first request fills the caches of roles and counts
    ten_rows = _queries(client, url)
    add(90)
    with django_assert_num_queries(ten_rows):
        response = client.get(url)
    assert len(response.context["page"]) == 100


@pytest.mark.parametrize("url_name", ["mines:figures", "mines:report_create", "mines:stage", "mines:reject"])
def test_fund_officer_sees_but_does_not_change(fund_officer_client, url_name):
    mine = MineFactory()
    assert fund_officer_client.get(mine.get_absolute_url()).status_code == 200
    assert fund_officer_client.get(reverse(url_name, args=[mine.pk])).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        {"licence_expires_before": "abc"},
        {"licence_expires_before": "1404/13/40"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"page_size": "-1"},
        {"province": "XX"},
        {"mineral": "99999999999999999999"},
        {"revival_stage": "nope", "ordering": "secret"},
    ],
)
@pytest.mark.parametrize("url", ["/mines/", "/mines/export/csv/", "/api/v1/mines/"])
def test_malformed_filters_never_answer_500(reviewer_client, url, query):
    MineFactory()
    response = reviewer_client.get(url, query)
    assert response.status_code in (200, 400, 404)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)


def test_review_queue_is_newest_first_sortable_and_marks_what_is_new_since_the_last_visit(
    reviewer_client,
):
    older, newer = PendingMineFactory(name="Older"), PendingMineFactory(name="Newer")
    Mine.objects.filter(pk=older.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    url = reverse("mines:review_queue")
    first = reviewer_client.get(url)
    assert [m.pk for m in first.context["page"]] == [newer.pk, older.pk]
    assert "new-since-visit" not in first.content.decode()  # nothing is "new" on a first visit
    by_name = reviewer_client.get(url, {"sort": "name"})
    assert [m.pk for m in by_name.context["page"]] == [newer.pk, older.pk]
    assert by_name.context["sort"]["name"].aria_sort == "ascending"
    oldest_first = reviewer_client.get(url, {"sort": "registered"})
    assert [m.pk for m in oldest_first.context["page"]] == [older.pk, newer.pk]
    arrived = PendingMineFactory(name="Arrived since")
    page = reviewer_client.get(url).content.decode()
    assert page.count("new-since-visit") == 1
    badge = page.index("new-since-visit")
    assert page.index(f'id="pending-{arrived.pk}"') < badge < page.index(f'id="pending-{newer.pk}"')
