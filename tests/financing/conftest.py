import pytest

from tests.factories import FundOfficerFactory, OperatorFactory, ReviewerFactory
from tests.financing.factories import LoanApplicationFactory


@pytest.fixture
def reviewer_a(db):
    return ReviewerFactory(username="reviewer_a")


@pytest.fixture
def reviewer_b(db):
    return ReviewerFactory(username="reviewer_b")


@pytest.fixture
def fund_officer(db):
    return FundOfficerFactory()


@pytest.fixture
def stranger(db):
    return OperatorFactory()


@pytest.fixture
def draft(db):
    return LoanApplicationFactory()
