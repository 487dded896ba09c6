"""Every API operation, fed generated input from its own OpenAPI schema, answers without a server error
and with a body that matches the schema, for every role (each calling with a personal API token)."""

import zlib

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from revival_portal.accounts.tokens import api_token_create
from revival_portal.reports.choices import PeriodKind
from revival_portal.reports.services import programme_report_run
from tests.factories import FundOfficerFactory, OperatorFactory, PartnerFactory, ReviewerFactory
from tests.mines.factories import MineFactory
from tests.reports.factories import ProgrammeReportFactory, known_mines

PEOPLE = {
    "operator": OperatorFactory,
    "reviewer": ReviewerFactory,
    "fund_officer": FundOfficerFactory,
    "partner": PartnerFactory,
}


# The schema is the portal's own, served by the application in-process (it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests here bypass Django's test client, so stop Django closing the test's database connection at
    the end of each one (as the test client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def people(db) -> dict[str, dict[str, str]]:
    """One person per role (and a mine for the operator), as personal-token headers."""
    headers = {}
    for role, factory in PEOPLE.items():
        user = factory()
        if role == "operator":
            MineFactory(operator=user)
        _token, secret = api_token_create(actor=user, user=user, name="fuzz", lifetime_days=1)
        headers[role] = {"Authorization": f"Bearer {secret}"}
    return headers


@schema.parametrize()
@settings(
    max_examples=3,
    # "explicit" holds the schema's boundary cases (huge ids, empty strings, wrong types); "generate" adds
    # random ones.
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_and_every_response_matches_the_schema(case, people):
    # Each generated request goes out as one of the roles, in turn, so every role meets every operation.
    roles = sorted(people)
    role = roles[zlib.crc32(repr((case.formatted_path, case.query, case.body)).encode()) % len(roles)]
    response = case.call(headers=people[role])
    where = f"{role}: {case.method} {case.formatted_path} {case.query or ''}"
    assert response.status_code < 500, f"{where} -> {response.status_code}"
    # Raises with the operation, the response and the schema it breaks when a body does not conform.
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


# The reports API again, with more examples, a report that is built and one that is not: each generated
# request goes out as every role and as an anonymous caller, and once more with the id of each real report,
# so the files, the 409 of a report not built and the public endpoint are all met.
reports_api = schema.include(path_regex=r"^/api/v1/(reports|figures|transparency)/")


@pytest.fixture
def reports(db) -> list[int]:
    """A built report of fiscal year 1403 (over a small programme) and a queued one."""
    known_mines()
    built = ProgrammeReportFactory(period_kind=PeriodKind.FISCAL_YEAR, jalali_year=1403, jalali_month=None)
    assert programme_report_run(report_id=built.pk)
    return [built.pk, ProgrammeReportFactory().pk]


@reports_api.parametrize()
@settings(
    max_examples=6,
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_reports_api_answers_every_caller_within_its_schema(case, people, reports):
    callers = {**people, "anonymous": {}}
    ids = [case.path_parameters["id"], *reports] if "id" in (case.path_parameters or {}) else [None]
    for report_id in ids:
        if report_id is not None:
            case.path_parameters["id"] = report_id
        for caller, headers in sorted(callers.items()):
            response = case.call(headers=headers)
            where = f"{caller}: {case.method} {case.formatted_path} {case.query or ''}"
            assert response.status_code < 500, f"{where} -> {response.status_code}"
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
