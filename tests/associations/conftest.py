import pytest

from tests.associations.factories import AssociationFactory, representative
from tests.mines.factories import MineFactory


@pytest.fixture(autouse=True)
def _english(english):
    """Messages are asserted in English here; the Persian pages are checked in the browser journey."""


@pytest.fixture
def association(db):
    return AssociationFactory(name="Yazd lead and zinc association")


@pytest.fixture
def rep(association):
    return representative(association, username="rep")


@pytest.fixture
def member_mine(association, rep):
    from tests.associations.factories import member

    mine = MineFactory(name="Member mine")
    member(mine, association, rep)
    return mine


@pytest.fixture
def outsider_mine(db):
    return MineFactory(name="Outsider mine")
