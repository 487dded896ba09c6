"""Exports of the association lists: associations, memberships, member mines with their figures, review
sessions, the investors' catalogue and the offers. Each has the rows its page shows to the person asking,
is refused where the page is, keeps its queries flat, and reads in Persian with Jalali dates."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from associations import services
from associations.choices import AssociationKind, MembershipStatus, OfferDirection, OfferStatus
from associations.exports import (
    ASSOCIATION_EXPORT,
    CATALOGUE_EXPORT,
    MEMBER_EXPORT,
    MEMBERSHIP_EXPORT,
    OFFER_EXPORT,
    REVIEW_SESSION_EXPORT,
)
from revival_portal.core.models import ExportJob, ExportStatus
from tests.associations.factories import (
    AssociationFactory,
    InvestorFactory,
    member,
    offer_fields,
    purchase_offer,
    representative,
)
from tests.exports import body, csv_table, export_queries, records, xlsx_table
from tests.factories import (
    AdminFactory,
    FundOfficerFactory,
    OperatorFactory,
    PartnerFactory,
    ReviewerFactory,
    signed_in,
)
from tests.financing.factories import LoanApplicationFactory, recommended_application
from tests.mines.factories import MineFactory, PendingMineFactory, mineral

pytestmark = pytest.mark.django_db


def url(name: str, fmt: str = "csv") -> str:
    return reverse("exports:download", args=[name, fmt])


def exported(client, export, fmt="csv", **params) -> list[dict]:
    table = csv_table if fmt == "csv" else xlsx_table
    return records(table(client.get(url(export.name, fmt), params)), export)


def ids(rows) -> list[str]:
    return [str(row["id"]) for row in rows]


def page_ids(client, page: str, **params) -> list[str]:
    return [str(item.pk) for item in client.get(reverse(page), params).context["page"].object_list]


def test_associations_like_the_page_with_its_filters(association):
    union = AssociationFactory(
        name="National barite union", kind=AssociationKind.NATIONAL_UNION, province=None
    )
    client = signed_in(OperatorFactory())
    for params in ({}, {"kind": AssociationKind.NATIONAL_UNION}, {"province": "IR-10"}):
        assert ids(exported(client, ASSOCIATION_EXPORT, **params)) == page_ids(
            client, "associations:association_list", **params
        ), params
    (row,) = exported(client, ASSOCIATION_EXPORT, kind=AssociationKind.NATIONAL_UNION)
    assert row["id"] == str(union.pk) and row["province"] == "Nationwide"
    assert row["kind"] == str(AssociationKind.NATIONAL_UNION.label)
    assert Client().get(url("associations")).status_code == 302  # signed out: to sign in


def test_memberships_scoped_like_the_page(association, rep, member_mine):
    other_rep = representative()
    asked = services.membership_request(
        actor=member_mine.operator,
        association=other_rep.association_seats.get().association,
        mines=[member_mine],
    )[0]
    stranger_mine = MineFactory()
    for person in (rep, other_rep, member_mine.operator, ReviewerFactory(), stranger_mine.operator):
        client = signed_in(person)
        for params in ({}, {"status": MembershipStatus.REQUESTED}):
            assert ids(exported(client, MEMBERSHIP_EXPORT, **params)) == page_ids(
                client, "associations:membership_list", **params
            ), (person, params)
    assert len(exported(signed_in(member_mine.operator), MEMBERSHIP_EXPORT)) == 2
    assert ids(exported(signed_in(other_rep), MEMBERSHIP_EXPORT)) == [str(asked.pk)]
    assert exported(signed_in(stranger_mine.operator), MEMBERSHIP_EXPORT) == []
    (row,) = exported(signed_in(rep), MEMBERSHIP_EXPORT, "xlsx")
    assert row["mine"] == "Member mine" and row["status"] == str(MembershipStatus.ACTIVE.label)
    assert row["starts_on"] == timezone.localdate().isoformat()


def test_member_mines_are_the_representatives_members_only(association, rep, member_mine, outsider_mine):
    second = MineFactory(name="Second member")
    member(second, association, rep)
    client = signed_in(rep)
    page = client.get(reverse("associations:member_list")).context["page"]
    rows = exported(client, MEMBER_EXPORT)
    assert ids(rows) == [str(row.mine.pk) for row in page.object_list]
    assert sorted(row["mine"] for row in rows) == ["Member mine", "Second member"]
    assert [row["mine"] for row in exported(client, MEMBER_EXPORT, q="second")] == ["Second member"]
    (row,) = exported(client, MEMBER_EXPORT, "xlsx", q="member mine")
    assert row["jobs_now"] == member_mine.jobs_now and row["loans"] == 0
    response = client.get(url("member-mines", "xlsx"))
    assert b"Outsider mine" not in body(response)
    # Another association's representative sees none of them; other roles are refused, like the page.
    assert exported(signed_in(representative()), MEMBER_EXPORT) == []
    for person in (member_mine.operator, ReviewerFactory(), PartnerFactory()):
        client = signed_in(person)
        assert client.get(reverse("associations:member_list")).status_code == 403
        assert client.get(url("member-mines")).status_code == 403


@pytest.fixture
def session(member_mine):
    application = recommended_application(mine=member_mine)
    return services.review_session_open(
        actor=ReviewerFactory(),
        title="=Committee of Azar",
        meets_on=dt.date(2025, 3, 21),
        applications=[application],
        fund_officer=FundOfficerFactory(),
    )


def test_review_sessions_for_the_invited_and_staff_only(session, rep):
    invited_officer = session.invitations.exclude(user=rep).get().user
    for person in (rep, invited_officer, ReviewerFactory(), representative(), OperatorFactory()):
        client = signed_in(person)
        assert ids(exported(client, REVIEW_SESSION_EXPORT)) == page_ids(client, "associations:session_list")
    assert ids(exported(signed_in(rep), REVIEW_SESSION_EXPORT)) == [str(session.pk)]
    assert exported(signed_in(representative()), REVIEW_SESSION_EXPORT) == []


def test_review_sessions_in_persian_with_jalali_dates_and_formulas_neutralised(session, rep):
    client = signed_in(rep, language="fa")
    with translation.override("fa"):
        (row,) = exported(client, REVIEW_SESSION_EXPORT)
        assert REVIEW_SESSION_EXPORT.headers()[1] == "عنوان"
    assert row["meets_on"] == "1404/01/01"
    assert row["title"] == "'=Committee of Azar"


@pytest.fixture
def investor(db):
    return InvestorFactory()


def test_catalogue_has_the_public_fields_of_verified_mines_for_investors_only(investor):
    verified = MineFactory(
        name="Verified zinc", primary_mineral=mineral("zinc"), licence_number="SECRET-LIC-1"
    )
    verified.other_minerals.set([mineral("lead")])
    MineFactory(name="Verified coal", primary_mineral=mineral("coal"))
    PendingMineFactory(name="Pending mine")
    client = signed_in(investor.user)
    for params in ({}, {"mineral": "zinc"}, {"stage": "active"}):
        assert ids(exported(client, CATALOGUE_EXPORT, **params)) == page_ids(
            client, "associations:catalogue", **params
        ), params
    assert sorted(row["name"] for row in exported(client, CATALOGUE_EXPORT)) == [
        "Verified coal",
        "Verified zinc",
    ]
    (row,) = exported(client, CATALOGUE_EXPORT, mineral="zinc")
    assert row["other_minerals"] == mineral("lead").name_fa
    # Nothing personal: neither the operator nor the licence is in the file.
    content = body(client.get(url("catalogue", "xlsx")))
    assert b"SECRET-LIC-1" not in content and verified.operator.username.encode() not in content
    csv_content = body(client.get(url("catalogue"))).decode("utf-8-sig")
    assert "SECRET-LIC-1" not in csv_content and verified.operator.username not in csv_content
    # Anyone who is not a registered investor is told "not found", like on the page.
    for person in (PartnerFactory(), OperatorFactory(), ReviewerFactory()):
        client = signed_in(person)
        assert client.get(reverse("associations:catalogue")).status_code == 404
        assert client.get(url("catalogue")).status_code == 404


def test_offers_for_the_parties_only_with_the_pages_filters(investor):
    offer = purchase_offer(investor=investor)
    application = LoanApplicationFactory()
    sales = services.offer_make_sales(
        actor=application.applicant, investor=investor, application=application, **offer_fields()
    )
    purchase_offer()  # between two other parties
    for person in (
        investor.user,
        offer.mine.operator,
        application.applicant,
        ReviewerFactory(),
        OperatorFactory(),
    ):
        client = signed_in(person)
        for params in ({}, {"direction": OfferDirection.SALES}, {"status": OfferStatus.SENT}):
            assert ids(exported(client, OFFER_EXPORT, **params)) == page_ids(
                client, "associations:offer_list", **params
            ), (person, params)
    client = signed_in(investor.user)
    assert sorted(ids(exported(client, OFFER_EXPORT))) == sorted([str(offer.pk), str(sales.pk)])
    assert ids(exported(client, OFFER_EXPORT, direction=OfferDirection.SALES)) == [str(sales.pk)]
    assert ids(exported(signed_in(offer.mine.operator), OFFER_EXPORT)) == [str(offer.pk)]
    assert exported(signed_in(OperatorFactory()), OFFER_EXPORT) == []


def test_offers_in_persian_with_jalali_dates(investor):
    offer = purchase_offer(investor=investor, starts_on=dt.date(2025, 3, 21), ends_on=dt.date(2026, 3, 21))
    client = signed_in(investor.user, language="fa")
    with translation.override("fa"):
        (row,) = exported(client, OFFER_EXPORT)
        purchase = str(OfferDirection.PURCHASE.label)
        assert OFFER_EXPORT.headers()[0] != "offer" and purchase != "Purchase offer"
    assert row["id"] == str(offer.pk)
    assert (row["starts_on"], row["ends_on"]) == ("1404/01/01", "1405/01/01")
    assert row["direction"] == purchase


def test_association_exports_queries_do_not_grow_with_rows(association, rep, investor):
    def add(count):
        for _ in range(count):
            mine = MineFactory()
            member(mine, association, rep)
            purchase_offer(investor=investor, mine=mine)
            AssociationFactory()

    add(2)
    people = {
        "associations": rep,
        "memberships": rep,
        "member-mines": rep,
        "catalogue": investor.user,
        "offers": investor.user,
        "review-sessions": AdminFactory(),
    }
    clients = {name: signed_in(person) for name, person in people.items()}
    few = {
        (name, fmt): export_queries(clients[name], url(name, fmt))
        for name in people
        for fmt in ("csv", "xlsx")
    }
    add(12)
    many = {
        (name, fmt): export_queries(clients[name], url(name, fmt))
        for name in people
        for fmt in ("csv", "xlsx")
    }
    assert few == many


@pytest.mark.parametrize(
    ("page", "export"),
    [
        ("associations:association_list", "associations"),
        ("associations:membership_list", "memberships"),
        ("associations:member_list", "member-mines"),
        ("associations:session_list", "review-sessions"),
    ],
)
def test_pages_link_their_exports(rep, page, export):
    html = signed_in(rep).get(reverse(page), {"status": "active"}).content.decode()
    assert f'href="{url(export)}?status=active"' in html
    assert f'href="{url(export, "xlsx")}?status=active"' in html


def test_investor_pages_link_their_exports(investor):
    client = signed_in(investor.user)
    assert (
        f'href="{url("catalogue")}?stage=active"'
        in client.get(reverse("associations:catalogue"), {"stage": "active"}).content.decode()
    )
    assert (
        f'href="{url("offers", "xlsx")}"' in client.get(reverse("associations:offer_list")).content.decode()
    )


def test_a_long_member_xlsx_is_built_by_celery_with_the_same_rows(
    settings, association, rep, member_mine, outsider_mine, django_capture_on_commit_callbacks
):
    settings.EXPORT_XLSX_INLINE_MAX_ROWS = 1
    member(MineFactory(name="Second member"), association, rep)
    client = signed_in(rep)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url("member-mines", "xlsx"))
    job = ExportJob.objects.get(owner=rep)
    assert response.status_code == 302 and job.status == ExportStatus.DONE and job.total_rows == 2
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    rows = records(xlsx_table(download), MEMBER_EXPORT)
    assert sorted(row["mine"] for row in rows) == ["Member mine", "Second member"]
