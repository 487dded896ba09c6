"""The minutes of a review session as a PDF: Persian text in reading order, and the same scope as the minutes
page (a representative reads only their members' items; a person not invited gets 404)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from associations import services
from associations.choices import Stance
from financing import services as financing_services
from financing.choices import DecisionOutcome
from revival_portal.core.text import persian_digits
from tests.associations.factories import AssociationFactory, member, representative
from tests.factories import FundOfficerFactory, OperatorFactory, ReviewerFactory, signed_in
from tests.financing.factories import recommended_application
from tests.mines.factories import MineFactory
from tests.pdf_text import assert_in_order, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.pdftotext]


@pytest.fixture
def shared_session():
    """A session with one member mine's application (opinion given, decided) and one outsider's."""
    association = AssociationFactory(name="انجمن سرب و روی یزد")
    rep = representative(association, first_name="رضا", last_name="احمدی")
    ours = MineFactory(name="معدن کوهبنان", operator=OperatorFactory())
    member(ours, association, rep)
    theirs = MineFactory(name="معدن بیرونی")
    recommender = ReviewerFactory(first_name="سارا", last_name="نوری")
    session = services.review_session_open(
        actor=recommender,
        title="کمیته آذر",
        meets_on=timezone.localdate(),
        applications=[
            recommended_application(reviewer=recommender, mine=ours),
            recommended_application(reviewer=recommender, mine=theirs),
        ],
        fund_officer=FundOfficerFactory(first_name="مینا", last_name="صادقی"),
    )
    item = session.agenda.get(application__mine=ours)
    services.opinion_record(item=item, actor=rep, stance=Stance.SUPPORT, note="عضو فعال و خوش‌حساب")
    financing_services.loan_application_decide(
        application=item.application,
        actor=ReviewerFactory(first_name="حمید", last_name="رستمی"),
        outcome=DecisionOutcome.APPROVED,
        note="",
    )
    return session, rep


def minutes_pdf(user, session, language="fa"):
    return signed_in(user, language).get(reverse("associations:session_minutes_pdf", args=[session.pk]))


def test_a_representative_reads_the_persian_minutes_of_their_members_only(shared_session):
    session, rep = shared_session
    response = minutes_pdf(rep, session)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="minutes-{session.pk}.pdf"'
    text = pdf_text(response.content)
    number = persian_digits(session.agenda.get(application__mine__name="معدن کوهبنان").application_id)
    for attendee in ("رضا احمدی انجمن سرب و روی یزد", "مینا صادقی کارشناس صندوق"):
        assert_in_order(text, "صورت‌جلسه بررسی مشترک", "کمیته آذر", "حاضران", attendee, "دستور جلسه")
    assert_in_order(
        text,
        "دستور جلسه",
        f"درخواست {number}",
        "معدن کوهبنان",
        "سارا نوری",
        "رضا احمدی",
        "موافق",
        "عضو فعال و خوش‌حساب",
        "تصویب",
        "حمید رستمی",
    )
    assert "معدن بیرونی" not in text
    assert "Minutes" not in text and "Agenda" not in text


def test_programme_staff_read_the_whole_agenda(shared_session):
    session, _rep = shared_session
    text = pdf_text(minutes_pdf(session.opened_by, session).content)
    assert_in_order(text, "دستور جلسه", "معدن کوهبنان")
    assert "معدن بیرونی" in text


def test_the_minutes_pdf_in_english(shared_session, english):
    session, rep = shared_session
    text = pdf_text(minutes_pdf(rep, session, "en").content)
    assert_in_order(text, "Minutes of the review session", "Attendees", "Agenda", "Support", "Approved")


def test_people_not_invited_get_404(shared_session):
    session, _rep = shared_session
    assert minutes_pdf(representative(), session).status_code == 404
    assert minutes_pdf(OperatorFactory(), session).status_code == 404


def test_the_minutes_pages_link_to_the_pdf(shared_session):
    session, rep = shared_session
    url = reverse("associations:session_minutes_pdf", args=[session.pk])
    client = signed_in(rep)
    assert url in client.get(session.get_absolute_url()).content.decode()
    assert url in client.get(reverse("associations:session_minutes", args=[session.pk])).content.decode()
