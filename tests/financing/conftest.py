import pytest

from tests.factories import FundOfficerFactory, OperatorFactory, ReviewerFactory
from tests.financing.factories import LoanApplicationFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads of each test go to a folder of their own, so 'nothing stored' can be checked."""
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


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
