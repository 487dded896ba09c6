"""Browser journey in Persian: an operator joins an association, its representative endorses the
application, an investor makes a purchase offer, the operator accepts it, the reviewer sees the confirmed
guarantee and the endorsement, a review session records opinions, and a second reviewer decides."""

import datetime as dt

import pytest
from django.utils import timezone

from associations.choices import MembershipStatus, OfferStatus, Verdict
from associations.models import Endorsement, Membership, Offer, Opinion
from financing.choices import ApplicationStatus
from tests.associations.factories import (
    AssociationFactory,
    EndorsementPolicyFactory,
    InvestorFactory,
    representative,
)
from tests.browser.helpers import log_in
from tests.factories import FundOfficerFactory, ReviewerFactory
from tests.financing.factories import submitted_application
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_association_endorsement_offer_and_joint_review_in_persian(open_page):
    association = AssociationFactory(name="انجمن معدن‌داران اصفهان")
    rep = representative(association, language="fa")
    EndorsementPolicyFactory()
    mine = MineFactory(name="معدن سرب و روی نخلک")
    application = submitted_application(mine=mine)
    investor = InvestorFactory(name="سرمایه‌گذاری کویر")
    reviewer_a, reviewer_b = ReviewerFactory(language="fa"), ReviewerFactory(language="fa")
    officer = FundOfficerFactory(language="fa")
    today = timezone.localdate()

    # The operator asks to join with the mine; the representative accepts.
    operator = open_page()
    log_in(operator, mine.operator.username)
    operator.goto("/associations/")
    assert operator.locator("html").get_attribute("dir") == "rtl"
    operator.click(".join-link")
    operator.check("#id_mines_0")
    operator.click("#action-submit")
    operator.wait_for_selector("#membership-table")
    representative_page = open_page()
    log_in(representative_page, rep.username)
    representative_page.goto("/associations/memberships/")
    representative_page.click(".accept-membership")
    representative_page.wait_for_selector("text=معدن اکنون عضو است.")
    assert Membership.objects.get(mine=mine).status == MembershipStatus.ACTIVE

    # Under the policy the review cannot start yet; the page says why.
    page_a = open_page()
    log_in(page_a, reviewer_a.username)
    page_a.goto(f"/financing/applications/{application.pk}/")
    page_a.click("#action-start_review")
    page_a.wait_for_selector(".alert >> text=تشکل باید پیش از شروع بررسی")
    assert page_a.locator("#no-endorsement").count() == 1

    # The representative endorses it from the members page.
    representative_page.goto("/associations/members/")
    assert "معدن سرب و روی نخلک" in representative_page.inner_text("#member-table")
    representative_page.click("#waiting .endorse-link")
    representative_page.check("#id_verdict_0")
    representative_page.fill("#id_note", "عضو خوش‌حساب انجمن")
    representative_page.click("#action-submit")
    representative_page.wait_for_selector("#production")
    assert Endorsement.objects.get(application=application).verdict == Verdict.ENDORSED

    # An investor finds the mine in the catalogue and offers to buy its output.
    investor_page = open_page()
    log_in(investor_page, investor.user.username)
    investor_page.goto("/associations/catalogue/")
    investor_page.locator("#catalogue-table tr", has_text="معدن سرب و روی نخلک").locator(
        ".offer-link"
    ).click()
    investor_page.fill("#id_tonnes_per_year", "۳۰۰۰")
    investor_page.select_option("#id_price_basis", "per_tonne")
    investor_page.fill("#id_price_rials_per_tonne", "۴۲٬۰۰۰٬۰۰۰")
    investor_page.fill("#id_starts_on", today.isoformat())
    investor_page.fill("#id_ends_on", (today + dt.timedelta(days=730)).isoformat())
    investor_page.click("#action-submit")
    investor_page.wait_for_selector("#offer-table")
    offer = Offer.objects.get()

    # The operator accepts it for the application.
    operator.goto("/associations/offers/")
    operator.click(".offer-link")
    operator.select_option("#id_application", str(application.pk))
    operator.click("#accept-offer")
    operator.wait_for_selector("text=پیشنهاد پذیرفته شد")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED

    # Reviewer A sees the confirmed guarantee apart from the typed one, and the endorsement; starts the
    # review and recommends.
    page_a.goto(f"/financing/applications/{application.pk}/")
    assert page_a.locator("#guarantees .guarantee-confirmed").count() == 1
    assert page_a.locator("#guarantees .guarantee-typed").count() == 1
    assert "عضو خوش‌حساب انجمن" in page_a.inner_text("#association-panel")
    page_a.click("#action-start_review")
    page_a.click("#action-recommend")
    for field in ("score_technical", "score_financial", "score_guarantees", "score_impact"):
        page_a.select_option(f"#id_{field}", "4")
    page_a.select_option("#id_recommendation", "approve")
    page_a.fill("#id_note", "ضمانت خرید تأییدشده و تأیید انجمن")
    page_a.click("#action-submit")
    page_a.wait_for_selector("#review")

    # Reviewer A opens a joint session; the representative and the fund officer give their opinions.
    page_a.goto("/associations/sessions/new/")
    page_a.fill("#id_title", "کمیته مشترک تسهیلات")
    page_a.fill("#id_meets_on", today.isoformat())
    page_a.check("#id_applications_0")
    page_a.select_option("#id_fund_officer", str(officer.pk))
    page_a.click("#action-submit")
    page_a.wait_for_selector("#session-list")
    page_a.click("#session-list a")
    session_url = page_a.url
    for person, note in ((representative_page, "انجمن موافق است"), (None, "صندوق موافق است")):
        if person is None:
            person = open_page()
            log_in(person, officer.username)
        person.goto(session_url)
        person.check(".opinion-form input[value=support]")
        person.fill(".opinion-form textarea", note)
        person.click(".opinion-form button[type=submit]")
        person.wait_for_selector(f".opinions >> text={note}")
    assert Opinion.objects.count() == 2

    # The recommender still cannot decide; reviewer B sees the opinions on the decision page and decides.
    page_a.goto(f"/financing/applications/{application.pk}/")
    assert page_a.locator("#action-decide").count() == 0
    page_b = open_page()
    log_in(page_b, reviewer_b.username)
    page_b.goto(f"/financing/applications/{application.pk}/")
    page_b.click("#action-decide")
    assert "انجمن موافق است" in page_b.inner_text("#opinions")
    page_b.select_option("#id_outcome", "approved")
    page_b.click("#action-submit")
    page_b.wait_for_selector("#decision")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED

    # The minutes show the opinions and the decision.
    page_b.goto(session_url + "minutes/")
    minutes = page_b.inner_text("#minutes")
    assert "انجمن موافق است" in minutes and "تصویب‌شده" in minutes
