"""Demo associations: two associations with representatives, dated memberships, endorsements, a review
session with opinions, the endorsement policy, and purchase and sales offers in every state.

Everything after the registrations goes through the services, so the demo also exercises the rules.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from associations import services
from associations.choices import AssociationKind, Stance, Verdict
from associations.models import Association, EndorsementPolicy, Investor, Representative
from financing.choices import ApplicationStatus as S
from financing.choices import PriceBasis
from financing.models import LoanApplication
from mines.models import Mine
from revival_portal.core.models import Province

POLICY_REFERENCE = "مصوبه شورای راهبری طرح احیای معادن کوچک — تأیید تشکل پیش از بررسی درخواست عضو"


def seed(*, users, stdout) -> None:
    today = timezone.localdate()
    provincial = Association.objects.create(
        name="انجمن صنفی کارفرمایان معادن استان اصفهان",
        kind=AssociationKind.PROVINCIAL,
        province=Province.objects.get(code="IR-10"),
        registration_number="ASSOC-IR10-1387",
    )
    union = Association.objects.create(
        name="اتحادیه سراسری تولیدکنندگان سرب و روی",
        kind=AssociationKind.NATIONAL_UNION,
        registration_number="UNION-PBZN-1392",
    )
    Representative.objects.create(association=provincial, user=users["association"])
    Representative.objects.create(association=union, user=users["association2"])
    investor = Investor.objects.create(
        user=users["partner"], name="شرکت سرمایه‌گذاری معادن کویر", legal_id="10380284790"
    )

    first = list(Mine.objects.eligible().filter(operator=users["operator"]).order_by("pk"))
    second = list(Mine.objects.eligible().filter(operator=users["operator2"]).order_by("pk"))
    _join(provincial, users["operator"], first, accept=True)
    _join(union, users["operator2"], second, accept=True)
    _join(provincial, users["operator2"], second[:1], accept=False)
    _join(provincial, users["operator2"], second[1:2], accept=None)  # waiting for an answer

    endorsed = _endorse_open_applications(users)
    session = _session(users, today)
    offers = _offers(users, investor, first + second)
    EndorsementPolicy.objects.create(
        requires_endorsement=True,
        effective_from=today,
        legal_reference=POLICY_REFERENCE,
        created_by=users.get("admin"),
    )
    stdout.write(
        f"Created 2 associations, memberships, {endorsed} endorsements, "
        f"{'a review session' if session else 'no review session'} and {offers} offers."
    )


def _join(association, operator, mines, *, accept) -> None:
    if not mines:
        return
    representative = association.representatives.first().user
    for membership in services.membership_request(actor=operator, association=association, mines=mines):
        if accept is True:
            services.membership_accept(membership=membership, actor=representative, note="عضو فعال انجمن")
        elif accept is False:
            services.membership_decline(
                membership=membership, actor=representative, note="معدن در حوزه فعالیت این انجمن نیست."
            )


def _endorse_open_applications(users) -> int:
    """The association endorses some of its members' open applications and declines one."""
    count = 0
    for representative in (users["association"], users["association2"]):
        association = Association.objects.represented_by(representative).get()
        open_ones = LoanApplication.objects.filter(
            mine__memberships__association=association,
            mine__memberships__status="active",
            status__in=[S.SUBMITTED, S.UNDER_REVIEW, S.INFO_REQUESTED],
        ).distinct()
        for number, application in enumerate(open_ones):
            verdict = Verdict.DECLINED if number == 1 else Verdict.ENDORSED
            note = (
                "بدهی معوق عضو به انجمن تسویه نشده است."
                if verdict == Verdict.DECLINED
                else "عضو خوش‌حساب انجمن"
            )
            services.endorsement_record(
                actor=representative,
                association=association,
                application=application,
                verdict=verdict,
                note=note,
            )
            count += 1
    return count


def _session(users, today):
    """A committee meeting on the recommended applications, with the invited people's opinions."""
    recommended = list(LoanApplication.objects.filter(status=S.RECOMMENDED))
    if not recommended:
        return None
    session = services.review_session_open(
        actor=users["reviewer"],
        title="جلسه مشترک کمیته تسهیلات — آذر",
        meets_on=today + dt.timedelta(days=2),
        applications=recommended,
        fund_officer=users["fund_officer"],
    )
    stances = {users["fund_officer"].pk: Stance.SUPPORT, users["association"].pk: Stance.SUPPORT}
    for item in session.agenda.all():
        for invitation in session.invitations.select_related("user"):
            services.opinion_record(
                item=item,
                actor=invitation.user,
                stance=stances.get(invitation.user_id, Stance.ABSTAIN),
                note="با توجه به قرارداد خرید محصول، بازپرداخت قابل اتکاست.",
            )
    return session


def _fields(mine, tonnes: int, **extra) -> dict:
    today = timezone.localdate()
    return {
        "mineral": mine.primary_mineral,
        "tonnes_per_year": Decimal(tonnes),
        "price_basis": PriceBasis.PER_TONNE,
        "price_rials_per_tonne": Decimal(38_000_000 + tonnes * 1000),
        "price_formula": "",
        "starts_on": today + dt.timedelta(days=30),
        "ends_on": today + dt.timedelta(days=30 + 3 * 365),
        "note": "",
        **extra,
    }


def _offers(users, investor, mines) -> int:
    """Purchase offers sent, accepted, declined and withdrawn; sales offers sent and accepted."""
    open_applications = list(
        LoanApplication.objects.filter(
            applicant__in=[users["operator"], users["operator2"]],
            status__in=[S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW],
        ).select_related("mine")
    )
    if not mines or not open_applications:
        return 0
    count = 0
    catalogue = list(Mine.objects.verified().exclude(pk__in=[m.pk for m in mines])[:3]) + mines[:1]
    for number, mine in enumerate(catalogue[:3]):
        offer = services.offer_make_purchase(
            actor=investor.user, mine=mine, **_fields(mine, 2000 + 500 * number)
        )
        count += 1
        if number == 1:
            services.offer_withdraw(offer=offer, actor=investor.user, note="تغییر برنامه خرید")
        elif number == 2:
            services.offer_decline(offer=offer, actor=mine.operator, note="قیمت پیشنهادی پایین است.")
    application = open_applications[0]
    accepted = services.offer_make_purchase(
        actor=investor.user, mine=application.mine, **_fields(application.mine, 4000)
    )
    services.offer_accept(offer=accepted, actor=application.applicant, application=application)
    for number, application in enumerate(open_applications[1:3]):
        offer = services.offer_make_sales(
            actor=application.applicant,
            investor=investor,
            application=application,
            **_fields(
                application.mine,
                1500,
                price_basis=PriceBasis.FORMULA,
                price_rials_per_tonne=None,
                price_formula="میانگین قیمت بورس کالا منهای ۸ درصد",
            ),
        )
        if number == 0:
            services.offer_accept(offer=offer, actor=investor.user)
    return count + 3
