"""API: scoping (404), 400 field errors (never 500), actions, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from mines.choices import RevivalStage, Verification
from mines.models import Mine
from tests.mines.factories import MineFactory, PendingMineFactory, ProductionReportFactory, mineral

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def payload(**overrides):
    data = {
        "name": "Anarak lead",
        "province": "IR-10",
        "county": "Anarak",
        "latitude": "33.31",
        "longitude": "53.70",
        "primary_mineral": mineral("lead").pk,
        "other_minerals": [mineral("zinc").pk],
        "licence_type": "exploitation",
        "licence_number": "API-1",
        "licence_issued_on": "2023-03-01",
        "licence_expires_on": "2031-03-01",
        "jobs_before": 1,
        "jobs_now": 2,
        "annual_output_tonnes": "100",
    }
    data.update(overrides)
    return data


def test_operator_registers_through_the_api(operator):
    response = api(operator).post("/api/v1/mines/", payload(), format="json")
    assert response.status_code == 201, response.data
    assert response.data["verification_status"] == "pending"
    assert Mine.objects.get(licence_number="API-1").operator == operator


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"licence_number": "TAKEN-1"}, "licence_number"),
        ({"licence_number": "taken-۱"}, "licence_number"),
        ({"latitude": "45.0"}, "latitude"),
        ({"longitude": "70"}, "longitude"),
        ({"licence_expires_on": "2020-01-01"}, "licence_expires_on"),
        ({"latitude": "north"}, "latitude"),
        ({"latitude": "1234567.1"}, "latitude"),
        ({"province": "IR-99"}, "province"),
        ({"licence_issued_on": "1403/13/40"}, "licence_issued_on"),
        ({"jobs_now": -1}, "jobs_now"),
    ],
)
def test_bad_input_is_a_400_with_a_field_error(operator, overrides, field):
    MineFactory(licence_number="TAKEN-1")
    response = api(operator).post("/api/v1/mines/", payload(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.data


def test_second_report_for_the_same_period_is_a_400(operator):
    mine = MineFactory(operator=operator)
    data = {
        "mine": mine.pk,
        "period_year": 1403,
        "period_month": 2,
        "jobs": 5,
        "tonnes_mined": "10",
        "tonnes_sold": "9",
        "revenue_rials": "1000",
    }
    client = api(operator)
    assert client.post("/api/v1/production-reports/", data, format="json").status_code == 201
    response = client.post("/api/v1/production-reports/", data, format="json")
    assert response.status_code == 400
    assert "period_month" in response.data


def test_report_on_a_pending_mine_is_a_400(operator):
    mine = PendingMineFactory(operator=operator)
    data = {
        "mine": mine.pk,
        "period_year": 1403,
        "period_month": 2,
        "jobs": 5,
        "tonnes_mined": "10",
        "tonnes_sold": "9",
        "revenue_rials": "1000",
    }
    response = api(operator).post("/api/v1/production-reports/", data, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["mine"]
    assert not mine.production_reports.exists()


def test_reject_without_reason_is_a_400_in_the_readers_language(reviewer):
    mine = PendingMineFactory()
    client = api(reviewer)
    client.cookies["django_language"] = "fa"
    response = client.post(f"/api/v1/mines/{mine.pk}/reject/", {"reason": ""}, format="json")
    assert response.status_code == 400
    assert response.data["reason"] != ["Give the reason for rejecting the registration."]


def test_malformed_report_is_a_400(operator):
    mine = MineFactory(operator=operator)
    response = api(operator).post(
        "/api/v1/production-reports/", {"mine": "abc", "period_year": "x", "period_month": 13}, format="json"
    )
    assert response.status_code == 400
    response = api(operator).post(
        "/api/v1/production-reports/",
        {
            "mine": mine.pk,
            "period_year": 1403,
            "period_month": 13,
            "jobs": 1,
            "tonnes_mined": "1",
            "tonnes_sold": "1",
            "revenue_rials": "1",
        },
        format="json",
    )
    assert response.status_code == 400 and "period_month" in response.data


# --- 404 isolation -----------------------------------------------------------------------------------


def test_another_operators_mine_is_404_everywhere_in_the_api(operator, other_operator):
    mine = PendingMineFactory(operator=operator)
    report = ProductionReportFactory(mine=MineFactory(operator=operator))
    client = api(other_operator)
    for method, url, data in [
        ("get", f"/api/v1/mines/{mine.pk}/", None),
        ("patch", f"/api/v1/mines/{mine.pk}/", {"name": "x"}),
        ("post", f"/api/v1/mines/{mine.pk}/verify/", {}),
        ("post", f"/api/v1/mines/{mine.pk}/reject/", {"reason": "x"}),
        ("post", f"/api/v1/mines/{mine.pk}/stage-change/", {"stage": "active"}),
        ("post", f"/api/v1/mines/{mine.pk}/figures/", {"jobs_now": 1, "annual_output_tonnes": "1"}),
        ("get", f"/api/v1/mines/{mine.pk}/history/", None),
        ("get", f"/api/v1/production-reports/{report.pk}/", None),
        ("get", f"/api/v1/production-reports/?mine={report.mine_id}", None),
        (
            "post",
            "/api/v1/production-reports/",
            {
                "mine": report.mine_id,
                "period_year": 1403,
                "period_month": 9,
                "jobs": 1,
                "tonnes_mined": "1",
                "tonnes_sold": "1",
                "revenue_rials": "1",
            },
        ),
    ]:
        response = getattr(client, method)(url, data, format="json")
        assert response.status_code == 404, (method, url, response.status_code)
    listing = client.get("/api/v1/mines/").data
    assert listing["count"] == 0
    assert client.get("/api/v1/production-reports/").data["count"] == 0
    mine.refresh_from_db()
    assert mine.name != "x"


# --- actions -----------------------------------------------------------------------------------------


def test_verify_and_reject_actions(reviewer):
    pending, other = PendingMineFactory(), PendingMineFactory()
    client = api(reviewer)
    response = client.post(f"/api/v1/mines/{pending.pk}/verify/", {"note": "ok"}, format="json")
    assert response.status_code == 200 and response.data["verification_status"] == "verified"
    assert client.post(f"/api/v1/mines/{pending.pk}/verify/", {}, format="json").status_code == 409
    assert client.post(f"/api/v1/mines/{other.pk}/reject/", {"reason": ""}, format="json").status_code == 400
    response = client.post(f"/api/v1/mines/{other.pk}/reject/", {"reason": "Wrong licence"}, format="json")
    assert response.data["verification_status"] == Verification.REJECTED


def test_operator_cannot_verify_own_mine(operator):
    mine = PendingMineFactory(operator=operator)
    assert api(operator).post(f"/api/v1/mines/{mine.pk}/verify/", {}, format="json").status_code == 403


def test_stage_change_action(reviewer):
    mine = MineFactory(revival_stage=RevivalStage.IDLE)
    response = api(reviewer).post(
        f"/api/v1/mines/{mine.pk}/stage-change/", {"stage": "monitoring", "note": "visit"}, format="json"
    )
    assert response.status_code == 200 and response.data["revival_stage"] == "monitoring"
    assert (
        api(reviewer)
        .post(f"/api/v1/mines/{mine.pk}/stage-change/", {"stage": "x"}, format="json")
        .status_code
        == 400
    )


def test_edit_after_verification_is_409(operator):
    mine = MineFactory(operator=operator)
    assert api(operator).patch(f"/api/v1/mines/{mine.pk}/", {"name": "x"}, format="json").status_code == 409


def test_filters_shared_with_the_list(reviewer):
    MineFactory(name="معدن یاقوت", primary_mineral=mineral("iron"))
    MineFactory(name="Other", primary_mineral=mineral("coal"))
    client = api(reviewer)
    assert [m["name"] for m in client.get("/api/v1/mines/", {"q": "ياقوت"}).data["results"]] == ["معدن یاقوت"]
    assert client.get("/api/v1/mines/", {"mineral": mineral("coal").pk}).data["count"] == 1
    assert client.get("/api/v1/mines/", {"licence_expires_before": "bad"}).status_code == 400


def test_reference_lists(operator):
    client = api(operator)
    assert len(client.get("/api/v1/provinces/").data) == 31
    codes = {m["code"] for m in client.get("/api/v1/minerals/").data}
    assert {"lead", "zinc", "manganese", "bauxite", "coal"} <= codes
    assert client.get("/api/v1/provinces/", {"q": "اصفهان"}).data[0]["code"] == "IR-10"


def test_anonymous_is_refused():
    assert APIClient().get("/api/v1/mines/").status_code in (401, 403)


@pytest.mark.parametrize("url", ["/api/v1/mines/?page_size=100", "/api/v1/production-reports/?page_size=100"])
def test_api_lists_run_a_constant_number_of_queries(reviewer, django_assert_num_queries, url):
    client = api(reviewer)

    def add(count):
        for _ in range(count):
            mine = MineFactory()
            mine.other_minerals.set([mineral("zinc")])
            ProductionReportFactory(mine=mine)

    add(10)
    client.get(url)  # the user's roles are cached on the forced user after the first request
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    add(90)
    with django_assert_num_queries(len(context)):
        response = client.get(url)
    assert len(response.data["results"]) == 100
