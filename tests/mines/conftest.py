"""Fixtures of the mine registry tests: people in each role and their signed-in clients."""

import pytest

from tests.factories import FundOfficerFactory, OperatorFactory, ReviewerFactory, signed_in


@pytest.fixture(autouse=True)
def _english(english):
    """Every test here runs in English (``english`` of tests/conftest.py)."""


@pytest.fixture
def operator(db):
    return OperatorFactory(company_name="Kavir Lead Co.")


@pytest.fixture
def other_operator(db):
    return OperatorFactory(company_name="Zagros Barite Co.")


@pytest.fixture
def reviewer(db):
    return ReviewerFactory()


@pytest.fixture
def fund_officer(db):
    return FundOfficerFactory()


@pytest.fixture
def operator_client(operator):
    return signed_in(operator)


@pytest.fixture
def other_client(other_operator):
    return signed_in(other_operator)


@pytest.fixture
def reviewer_client(reviewer):
    return signed_in(reviewer)


@pytest.fixture
def fund_officer_client(fund_officer):
    return signed_in(fund_officer)
