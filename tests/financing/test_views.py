"""Pages: the draft is saved at every step; refused moves are messages, never a 500; staff pages work."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from financing.choices import ApplicationStatus as S
from financing.models import Decision, Disbursement, Guarantee, Loan, LoanApplication
from tests.factories import FundOfficerFactory, OperatorFactory, ReviewerFactory
from tests.financing.factories import (
    LoanApplicationFactory,
    approved_application,
    contracted_loan,
    recommended_application,
    sheba,
    submitted_application,
)
from tests.mines.factories import MineFactory, PendingMineFactory, mineral

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, settings):
    """Pages in English, so that messages can be matched by their text."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_operator_builds_a_draft_step_by_step_and_submits(client):
    mine = MineFactory()
    PendingMineFactory(operator=mine.operator)  # not offered: unverified
    client.force_login(mine.operator)
    page = client.get(reverse("financing:application_new"))
    assert list(page.context["form"].fields["mine"].queryset) == [mine]
    response = client.post(
        reverse("financing:application_new"), {"mine": mine.pk, "amount_requested": "3000000000"}
    )
    application = LoanApplication.objects.get()
    assert application.status == S.DRAFT
    assert response.url == reverse("financing:application_step", args=[application.pk, "terms"])
    # A wrong rate comes back as a field error, and what was typed is kept.
    response = client.post(
        response.url,
        {"purpose": "Loader", "term_months": "24", "grace_months": "6", "proposed_rate": "18.00"},
    )
    assert response.status_code == 200
    assert "proposed_rate" in response.context["form"].errors
    assert response.context["form"]["purpose"].value() == "Loader"
    response = client.post(
        reverse("financing:application_step", args=[application.pk, "terms"]),
        {"purpose": "Loader", "term_months": "24", "grace_months": "6", "proposed_rate": "17.99"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.proposed_rate == Decimal("17.99")
    response = client.post(
        reverse("financing:application_step", args=[application.pk, "guarantees"]),
        {
            "kind": "sales",
            "counterparty_name": "Kavir Smelter",
            "counterparty_id": "۱۰۳۸۰۲۸۴۷۹۰",
            "mineral": mineral().pk,
            "tonnes_per_year": "2000",
            "price_basis": "per_tonne",
            "price_rials_per_tonne": "40000000",
            "starts_on": "2026-01-01",
            "ends_on": "2027-01-01",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Guarantee.objects.get().counterparty_id == "10380284790"
    review = client.get(reverse("financing:application_step", args=[application.pk, "review"]))
    assert review.status_code == 200
    response = client.post(reverse("financing:application_action", args=[application.pk, "submit"]))
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    # The list shows the application; the step page now redirects to the read-only page.
    assert client.get(reverse("financing:application_list")).status_code == 200
    response = client.get(reverse("financing:application_step", args=[application.pk, "terms"]))
    assert response.url == application.get_absolute_url()


def test_refused_transition_is_a_message_not_a_500(client):
    application = submitted_application()
    client.force_login(application.applicant)
    response = client.post(
        reverse("financing:application_action", args=[application.pk, "submit"]), follow=True
    )
    assert response.status_code == 200
    assert any("not possible" in m for m in messages_of(response))


def test_submit_without_guarantee_shows_why(client, draft):
    client.force_login(draft.applicant)
    response = client.post(reverse("financing:application_action", args=[draft.pk, "submit"]), follow=True)
    assert any("guarantee" in m for m in messages_of(response))
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_other_operators_get_404(client):
    application = LoanApplicationFactory()
    client.force_login(OperatorFactory())
    for url in (
        reverse("financing:application_detail", args=[application.pk]),
        reverse("financing:application_step", args=[application.pk, "terms"]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("financing:application_action", args=[application.pk, "withdraw"])).status_code
        == 404
    )


def test_reviewer_pages_and_maker_checker(client):
    reviewer_a = ReviewerFactory()
    application = recommended_application(reviewer=reviewer_a)
    client.force_login(reviewer_a)
    detail = client.get(application.get_absolute_url())
    assert detail.status_code == 200
    assert b"action-decide" not in detail.content
    response = client.post(
        reverse("financing:application_decide", args=[application.pk]),
        {"outcome": "approved", "approved_amount": "5000000000", "rate": "17.99"},
        follow=True,
    )
    assert any("Maker-checker" in m for m in messages_of(response))
    assert not Decision.objects.exists()
    client.force_login(ReviewerFactory())
    assert b"action-decide" in client.get(application.get_absolute_url()).content
    client.post(
        reverse("financing:application_decide", args=[application.pk]),
        {"outcome": "approved", "approved_amount": "5000000000", "rate": "17.99", "note": "ok"},
    )
    application.refresh_from_db()
    assert application.status == S.APPROVED


def test_review_queue_with_filters(client):
    submitted = submitted_application()
    LoanApplicationFactory()  # a draft: not in the queue
    client.force_login(ReviewerFactory())
    response = client.get(reverse("financing:application_list"))
    assert list(response.context["page"]) == [submitted]
    response = client.get(reverse("financing:application_list"), {"status": "draft"})
    assert len(response.context["page"]) == 1


def test_recommend_page(client):
    reviewer = ReviewerFactory()
    application = submitted_application()
    client.force_login(reviewer)
    client.post(reverse("financing:application_action", args=[application.pk, "start_review"]))
    response = client.post(
        reverse("financing:application_recommend", args=[application.pk]),
        {
            "score_technical": "4",
            "score_financial": "4",
            "score_guarantees": "4",
            "score_impact": "4",
            "recommendation": "approve",
            "note": "Fine",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED


def test_recommend_page_chooses_no_score_in_advance_and_asks_for_each(client):
    reviewer = ReviewerFactory()
    application = submitted_application()
    client.force_login(reviewer)
    client.post(reverse("financing:application_action", args=[application.pk, "start_review"]))
    url = reverse("financing:application_recommend", args=[application.pk])
    form = client.get(url).context["form"]
    scores = ("score_technical", "score_financial", "score_guarantees", "score_impact")
    assert all(form[name].value() is None for name in (*scores, "recommendation"))
    response = client.post(url, {"score_technical": "4", "recommendation": "approve", "note": "Fine"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"score_financial", "score_guarantees", "score_impact"}
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW


def test_contract_page_previews_then_saves(client):
    application = approved_application()
    officer = FundOfficerFactory()
    client.force_login(officer)
    assert application in client.get(reverse("financing:awaiting_contract")).context["page"]
    data = {
        "approved_amount": "1000000000",
        "rate": "17.99",
        "term_months": "12",
        "grace_months": "2",
        "first_due_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "preview": "1",
    }
    url = reverse("financing:loan_contract", args=[application.pk])
    preview = client.post(url, data)
    assert preview.status_code == 200
    assert len(preview.context["schedule"]) == 12
    assert not Loan.objects.exists()
    refused = client.post(url, {**data, "rate": "18.00", "save": "1"})
    assert "rate" in refused.context["form"].errors
    assert not Loan.objects.exists()
    saved = client.post(url, {**data, "save": "1"})
    loan = Loan.objects.get()
    assert saved.url == loan.get_absolute_url()


def test_loan_pages_disbursement_and_portfolio(client):
    loan = contracted_loan(amount=Decimal(1_000_000))
    officer = loan.contracted_by
    client.force_login(officer)
    url = reverse("financing:disbursement_add", args=[loan.pk])
    too_much = client.post(
        url,
        {
            "amount": "1000001",
            "disbursed_on": timezone.localdate().isoformat(),
            "bank_reference": "B",
            "destination_sheba": sheba(),
        },
    )
    assert "amount" in too_much.context["form"].errors
    client.post(
        url,
        {
            "amount": "400000",
            "disbursed_on": timezone.localdate().isoformat(),
            "bank_reference": "B",
            "destination_sheba": sheba(),
        },
    )
    assert Disbursement.objects.get().amount == 400000
    client.post(
        reverse("financing:repayment_add", args=[loan.pk]),
        {"amount": "1000", "paid_on": timezone.localdate().isoformat(), "reference": "R"},
    )
    portfolio = client.get(reverse("financing:portfolio"))
    assert portfolio.status_code == 200
    assert portfolio.context["totals"]["disbursed"] == 400000
    client.force_login(loan.application.applicant)
    detail = client.get(loan.get_absolute_url())
    assert detail.status_code == 200
    assert b"record-disbursement" not in detail.content
    assert client.get(url).status_code == 403


def test_portfolio_buckets_loans_in_arrears(client):
    loan = contracted_loan(amount=Decimal(1_000_000))
    from financing import services

    services.disbursement_record(
        loan=loan,
        actor=loan.contracted_by,
        amount=Decimal(1_000_000),
        disbursed_on=timezone.localdate(),
        bank_reference="B",
        destination_sheba=sheba(),
    )
    first = loan.instalments.order_by("number").first()
    from financing.selectors import portfolio_summary

    summary = portfolio_summary(loan.contracted_by, on=first.due_date + dt.timedelta(days=45))
    buckets = {key: value for _label, key, value in summary["buckets"]}
    assert buckets["31-90"]["count"] == 1
    assert summary["totals"]["outstanding"] == 1_000_000


def test_dashboard_and_navigation(client):
    client.force_login(FundOfficerFactory())
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert reverse("financing:portfolio").encode() in response.content


@pytest.mark.parametrize("username", ["operator", "officer", "reviewer"])
def test_pages_render_in_persian_with_jalali_dates(client, username, settings):
    """Persian is the default: every page renders (RTL, Jalali dates) for each role."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    loan = contracted_loan(amount=Decimal(1_000_000))
    user = {
        "operator": loan.application.applicant,
        "officer": loan.contracted_by,
        "reviewer": ReviewerFactory(),
    }[username]
    client.force_login(user)
    urls = [
        reverse("financing:application_list"),
        loan.application.get_absolute_url(),
        reverse("financing:loan_list"),
        loan.get_absolute_url(),
    ]
    if username == "officer":
        urls += [reverse("financing:portfolio"), reverse("financing:awaiting_contract")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'dir="rtl"' in response.content.decode()
    page = client.get(loan.get_absolute_url()).content.decode()
    assert "۱۴۰" in page  # Jalali years (14xx) in Persian digits


def test_staff_forms_are_refused_to_the_wrong_role(client):
    """An operator reaches no reviewer form, even on their own application; a fund officer cannot decide."""
    recommended = recommended_application()
    under_review = submitted_application()
    client.force_login(recommended.applicant)
    for name, application in (
        ("financing:application_recommend", under_review),
        ("financing:application_decide", recommended),
    ):
        url = reverse(name, args=[application.pk])
        assert client.get(url).status_code == 403
    client.force_login(FundOfficerFactory())
    decide = reverse("financing:application_decide", args=[recommended.pk])
    assert client.get(decide).status_code == 403
    assert client.post(decide, {"outcome": "approved"}).status_code == 403
    assert client.get(reverse("financing:application_recommend", args=[under_review.pk])).status_code == 403
    recommended.refresh_from_db()
    assert recommended.status == S.RECOMMENDED and not Decision.objects.exists()


def test_other_operators_get_404_for_loans_guarantees_and_money_pages(client):
    loan = contracted_loan()
    guarantee = Guarantee.objects.filter(application=loan.application).first()
    client.force_login(OperatorFactory())
    assert client.get(reverse("financing:loan_detail", args=[loan.pk])).status_code == 404
    assert client.post(reverse("financing:guarantee_verify", args=[guarantee.pk])).status_code == 404
    assert (
        client.get(reverse("financing:application_list"), {"mine": loan.application.mine_id})
        .context["filterset"]
        .errors
    )


def test_contract_form_refuses_an_amount_over_the_request_even_with_a_bad_rate(client):
    application = approved_application()
    client.force_login(FundOfficerFactory())
    response = client.post(
        reverse("financing:loan_contract", args=[application.pk]),
        {
            "approved_amount": str(application.amount_requested + 1),
            "rate": "18.00",
            "term_months": "12",
            "grace_months": "12",
            "first_due_date": str(timezone.localdate() + dt.timedelta(days=400)),
            "save": "1",
        },
    )
    errors = response.context["form"].errors
    assert {"approved_amount", "rate", "grace_months", "first_due_date"} <= set(errors)
    assert not Loan.objects.exists()


def test_review_queue_is_newest_first_keeps_its_filter_on_every_page_and_sorts_by_amount(client):
    reviewer = ReviewerFactory()
    first, second = submitted_application(), submitted_application()
    LoanApplication.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - dt.timedelta(days=2))
    client.force_login(reviewer)
    url = reverse("financing:application_list")
    assert list(client.get(url).context["page"]) == [second, first]
    assert list(client.get(url, {"sort": "submitted"}).context["page"]) == [first, second]
    by_amount = client.get(url, {"sort": "-amount"})
    assert by_amount.context["sort"]["amount"].aria_sort == "descending"
    assert [a.amount_requested for a in by_amount.context["page"]] == sorted(
        [first.amount_requested, second.amount_requested], reverse=True
    )
    third = submitted_application()
    page = client.get(url, {"page": 1}).content.decode()
    assert page.count("new-since-visit") == 1 and set(client.get(url).context["page"]) >= {third}


def test_review_queue_amount_filter_reads_persian_digits(client):
    small, large = submitted_application(), submitted_application()
    LoanApplication.objects.filter(pk=small.pk).update(amount_requested=1_000_000)
    LoanApplication.objects.filter(pk=large.pk).update(amount_requested=9_000_000_000)
    client.force_login(ReviewerFactory())
    response = client.get(reverse("financing:application_list"), {"amount_min": "۵۰۰۰۰۰۰"})
    assert list(response.context["page"]) == [large]
