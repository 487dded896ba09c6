"""Factories for people in every role; app factories live beside their tests."""

import factory
from django.contrib.auth.models import Group

from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role
from revival_portal.core.identifiers import national_id_check_digit

PASSWORD = "Correct-horse-1404"


def _national_id(n: int) -> str:
    body = f"{100000000 + n:09d}"[-9:]
    return body + str(national_id_check_digit(body))


def _with_role(default: str | None):
    """A post-generation step adding the user to a role group; ``Factory(role=...)`` overrides it."""

    def add(user, create, extracted, **kwargs):
        role = extracted or default
        if create and role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])

    return factory.PostGeneration(add)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.ir")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    language = "en"
    password = factory.django.Password(PASSWORD)
    role = _with_role(None)


class OperatorFactory(UserFactory):
    national_id = factory.Sequence(_national_id)
    mobile = factory.Sequence(lambda n: f"0912{n:07d}")
    role = _with_role(Role.OPERATOR)


class ReviewerFactory(UserFactory):
    role = _with_role(Role.REVIEWER)


class FundOfficerFactory(UserFactory):
    role = _with_role(Role.FUND_OFFICER)


class PartnerFactory(UserFactory):
    company_name = factory.Sequence(lambda n: f"Partner Co. {n}")
    role = _with_role(Role.PARTNER)


class RepresentativeFactory(UserFactory):
    """A representative of a mining association (seat them with tests.associations.factories)."""

    role = _with_role(Role.ASSOCIATION_REPRESENTATIVE)


class AdminFactory(UserFactory):
    is_staff = True
    is_superuser = True
    role = _with_role(Role.ADMIN)


def signed_in(user, language: str = "en"):
    """A test client signed in as ``user`` that reads the pages in ``language``."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client
