"""Factories for associations, representatives, investors and offers; memberships go through the services."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from associations import services
from associations.choices import AssociationKind
from associations.models import Association, EndorsementPolicy, Investor, Representative
from financing.choices import PriceBasis
from revival_portal.core.models import Province
from tests.factories import PartnerFactory, RepresentativeFactory
from tests.mines.factories import mineral


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Mining association {n}")
    kind = AssociationKind.PROVINCIAL
    province = factory.LazyFunction(lambda: Province.objects.get(code="IR-10"))
    registration_number = factory.Sequence(lambda n: f"REG-{n:05d}")


def representative(association=None, **kwargs):
    """A person holding the representative role, seated in ``association`` (a new one by default)."""
    association = association or AssociationFactory()
    user = RepresentativeFactory(**kwargs)
    Representative.objects.create(association=association, user=user)
    return user


def member(mine, association, representative_user=None):
    """Make ``mine`` an accepted member of ``association`` through the real services."""
    rep = representative_user or association.representatives.first().user
    (membership,) = services.membership_request(actor=mine.operator, association=association, mines=[mine])
    return services.membership_accept(membership=membership, actor=rep)


class InvestorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Investor

    user = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Zinc Investors {n}")
    legal_id = "10380284790"


class EndorsementPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EndorsementPolicy

    requires_endorsement = True
    effective_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    legal_reference = "Programme board resolution 7/1404"


def offer_fields(**overrides) -> dict:
    today = timezone.localdate()
    return {
        "mineral": mineral(),
        "tonnes_per_year": Decimal("3000"),
        "price_basis": PriceBasis.PER_TONNE,
        "price_rials_per_tonne": Decimal("42000000"),
        "price_formula": "",
        "starts_on": today,
        "ends_on": today + dt.timedelta(days=730),
        "note": "",
        **overrides,
    }


def purchase_offer(investor=None, mine=None, **overrides):
    from tests.mines.factories import MineFactory

    investor = investor or InvestorFactory()
    return services.offer_make_purchase(
        actor=investor.user, mine=mine or MineFactory(), **offer_fields(**overrides)
    )
