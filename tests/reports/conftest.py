"""Fixtures of the report tests: people in each role, signed-in clients and private media of their own."""

import pytest

from tests.factories import FundOfficerFactory, OperatorFactory, PartnerFactory, ReviewerFactory, signed_in


@pytest.fixture(autouse=True)
def _english(english):
    """Every test here runs in English (``english`` of tests/conftest.py)."""


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(username="reviewer_r")


@pytest.fixture
def fund_officer(db):
    return FundOfficerFactory()


@pytest.fixture
def operator(db):
    return OperatorFactory(first_name="Ali", last_name="Rezaei", company_name="Kavir Lead Co.")


@pytest.fixture
def partner(db):
    return PartnerFactory(company_name="Sepahan Machine Works")


@pytest.fixture
def reviewer_client(reviewer):
    return signed_in(reviewer)


@pytest.fixture
def fund_officer_client(fund_officer):
    return signed_in(fund_officer)


@pytest.fixture
def operator_client(operator):
    return signed_in(operator)


@pytest.fixture
def partner_client(partner):
    return signed_in(partner)
