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
from tests.factories import FundOfficerFactory, OperatorFactory, PartnerFactory, ReviewerFactory
from tests.mines.factories import MineFactory

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
