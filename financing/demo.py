"""Demo loans: applications in every state, loans with tranches and repayments, some in arrears, one whose
undisbursed remainder was cancelled, one with a penalty waived and one prepaid.

Everything goes through the services, so the demo also exercises the rules (cap, maker-checker, schedule).
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from financing import services
from financing.choices import ApplicationStatus as S
from financing.choices import GuaranteeKind, PrepaymentMode, PriceBasis, Recommendation
from financing.models import RatePolicy
from financing.selectors import loan_replay
from mines.choices import LicenceType, RevivalStage, Verification
from mines.models import Mine, Mineral
from revival_portal.core.models import Province

LEGAL_REFERENCE = (
    "مصوبه هیئت وزیران شماره ۱۲۳۴۵۶/ت۶۱۲۳۴هـ — سقف نرخ سود تسهیلات صندوق بیمه سرمایه‌گذاری فعالیت‌های معدنی"
)
SHEBA = "IR820540102680020817909002"
PURPOSES = [
    "خرید لودر و کامیون برای ازسرگیری استخراج",
    "بازسازی تونل اصلی و تأمین هوای معدن",
    "خرید سنگ‌شکن فکی و سرند",
    "سرمایه در گردش برای استخدام دوباره کارگران",
    "حفاری اکتشافی تکمیلی و برآورد ذخیره",
    "خرید دستگاه کمپرسور و چکش بادی",
]
COUNTERPARTIES = [
    ("شرکت توسعه معادن روی ایران", "10380284790"),
    ("شرکت ذوب و احیای روی قشم", "10380284790"),
    ("شرکت فرآوری مواد معدنی کویر", "10380284790"),
]
CANCEL, WAIVE, PREPAY = "cancel remainder", "waive penalty", "prepay"
# The state each demo application ends in, in order; loans carry (months ago contracted, instalments paid,
# and what else the fund officer did: cancelled the remainder, waived a penalty or took a prepayment).
PLAN = [
    (S.DRAFT, None),
    (S.SUBMITTED, None),
    (S.UNDER_REVIEW, None),
    (S.INFO_REQUESTED, None),
    (S.RECOMMENDED, None),
    (S.APPROVED, None),
    (S.REJECTED, None),
    (S.WITHDRAWN, None),
    (S.CONTRACTED, (0, 0, None)),
    (S.DISBURSING, (1, 0, None)),
    (S.REPAYING, (8, 7, None)),  # up to date
    (S.REPAYING, (8, 6, None)),  # one instalment late: 1-30 days
    (S.REPAYING, (9, 6, None)),  # 31-90 days
    (S.REPAYING, (12, 7, None)),  # over 90 days
    (S.CLOSED, (14, None, None)),
    (S.REPAYING, (6, 5, CANCEL)),  # 40 % paid out, the rest cancelled, repaid on time
    (S.REPAYING, (9, 6, WAIVE)),  # 31-90 days late, half the penalty waived
    (S.REPAYING, (8, 7, PREPAY)),  # a quarter of the principal prepaid, lower instalment
]


def seed(*, users, stdout) -> None:
    rng = random.Random(1404)
    today = timezone.localdate()
    RatePolicy.objects.get_or_create(
        effective_from=today - dt.timedelta(days=400),
        defaults={
            "cap": Decimal("17.50"),
            "penalty_rate": Decimal("6.00"),
            "legal_reference": LEGAL_REFERENCE,
            "created_by": users.get("admin"),
        },
    )
    operators = [users["operator"], users["operator2"]]
    mines = {operator.pk: _eligible_mines(operator, users["reviewer"], rng) for operator in operators}
    reviewer_a, reviewer_b, officer = users["reviewer"], users["reviewer2"], users["fund_officer"]
    count = 0
    for number, (target, loan_plan) in enumerate(PLAN):
        operator = operators[0] if number % 3 else operators[1]
        mine = rng.choice(mines[operator.pk])
        amount = Decimal(rng.randrange(20, 150) * 100_000_000)
        application = services.loan_application_create(
            applicant=operator,
            mine=mine,
            amount_requested=amount,
            purpose=rng.choice(PURPOSES),
            term_months=rng.choice([12, 18, 24, 36]),
            grace_months=rng.choice([0, 3, 6]) if loan_plan is None else 0,
            proposed_rate=Decimal(rng.choice(["12.00", "14.50", "16.00", "17.00", "17.49"])),
        )
        count += 1
        if target == S.DRAFT:
            continue
        name, legal_id = rng.choice(COUNTERPARTIES)
        services.guarantee_create(
            application=application,
            actor=operator,
            kind=rng.choice(list(GuaranteeKind)),
            counterparty_name=name,
            counterparty_id=legal_id,
            mineral=mine.primary_mineral,
            tonnes_per_year=Decimal(rng.randrange(2, 40) * 500),
            price_basis=PriceBasis.PER_TONNE,
            price_rials_per_tonne=Decimal(rng.randrange(20, 90) * 1_000_000),
            starts_on=today,
            ends_on=today + dt.timedelta(days=3 * 365),
        )
        if target == S.WITHDRAWN:
            services.loan_application_withdraw(
                application=application, actor=operator, note="تأمین مالی از بانک"
            )
            continue
        services.loan_application_submit(application=application, actor=operator)
        if target == S.SUBMITTED:
            continue
        services.loan_application_start_review(application=application, actor=reviewer_a)
        if target == S.UNDER_REVIEW:
            continue
        if target == S.INFO_REQUESTED:
            services.loan_application_request_info(
                application=application,
                actor=reviewer_a,
                note="لطفاً صورت‌های مالی حسابرسی‌شده سال ۱۴۰۳ را بارگذاری کنید.",
            )
            continue
        reject = target == S.REJECTED
        services.loan_application_recommend(
            application=application,
            actor=reviewer_a,
            recommendation=Recommendation.REJECT if reject else Recommendation.APPROVE,
            note="ضمانت خرید معتبر و طرح فنی قابل اجرا است." if not reject else "ذخیره اثبات‌شده کافی نیست.",
            score_technical=rng.randint(2, 5),
            score_financial=rng.randint(2, 5),
            score_guarantees=rng.randint(2, 5),
            score_impact=rng.randint(2, 5),
        )
        if target == S.RECOMMENDED:
            continue
        services.loan_application_decide(
            application=application,
            actor=reviewer_b,
            outcome="rejected" if reject else "approved",
            note="مطابق توصیه کارشناس." if not reject else "رد شد.",
        )
        if loan_plan is not None:
            _contract_and_run(application, officer, loan_plan, rng, today)
    stdout.write(
        f"Created {count} loan applications (every state) and their loans, with a 17.50 % rate policy."
    )


def _contract_and_run(application, officer, loan_plan, rng, today):
    months_ago, paid, extra = loan_plan
    contracted_on = today - dt.timedelta(days=30 * months_ago + 5)
    loan = services.loan_contract(
        application=application,
        actor=officer,
        approved_amount=application.amount_requested,
        rate=application.proposed_rate,
        term_months=12 if months_ago >= 12 else application.term_months,
        grace_months=0,
        first_due_date=contracted_on + dt.timedelta(days=30),
        contracted_on=contracted_on,
    )
    if months_ago == 0:
        return
    partly = months_ago <= 1 or extra == CANCEL
    tranches = [loan.approved_amount * Decimal("0.4")] if partly else [loan.approved_amount]
    for tranche in tranches:
        services.disbursement_record(
            loan=loan,
            actor=officer,
            amount=tranche.quantize(Decimal(1)),
            disbursed_on=contracted_on + dt.timedelta(days=3),
            bank_reference=f"BMI-{rng.randrange(100000, 999999)}",
            destination_sheba=SHEBA,
        )
    if extra == CANCEL:
        services.remainder_cancel(
            loan=loan,
            actor=officer,
            cancelled_on=contracted_on + dt.timedelta(days=10),
            reason="بقیه طرح با سرمایه خود بهره‌بردار اجرا شد؛ مابقی تسهیلات لازم نیست.",
        )
    instalments = list(loan.instalments.order_by("number"))
    to_pay = instalments if paid is None else instalments[:paid]
    for instalment in to_pay:
        services.repayment_record(
            loan=loan,
            actor=officer,
            amount=instalment.amount,
            paid_on=min(instalment.due_date, today),
            reference=f"REP-{rng.randrange(100000, 999999)}",
        )
    if extra == WAIVE:
        _waive_half_the_penalty(loan, officer, today)
    elif extra == PREPAY:
        services.repayment_record(
            loan=loan,
            actor=officer,
            amount=loan_replay(loan).outstanding_principal // 4_000_000 * 1_000_000,
            paid_on=min(to_pay[-1].due_date, today),
            reference=f"REP-{rng.randrange(100000, 999999)}",
            prepayment_mode=PrepaymentMode.LOWER_INSTALMENT,
        )


def _waive_half_the_penalty(loan, officer, today):
    """The fund officer forgives half the penalty accrued on the oldest late instalment."""
    rows = [row for row in loan_replay(loan, today).schedule() if row.penalty_due > 0]
    services.penalty_waive(
        loan=loan,
        actor=officer,
        instalment_number=rows[0].number,
        amount=rows[0].penalty_due // 2,
        waived_on=today,
        reason="تأخیر ناشی از بسته شدن جاده معدن در برف؛ نیمی از وجه التزام بخشوده شد.",
    )


def _eligible_mines(operator, reviewer, rng) -> list[Mine]:
    """The operator's verified mines from the mines demo; created here if that demo did not run."""
    mines = list(Mine.objects.eligible().filter(operator=operator))
    if mines:
        return mines
    today = timezone.localdate()
    mine = Mine.objects.create(
        name=f"معدن سرب و روی {operator.last_name or operator.username}",
        operator=operator,
        province=Province.objects.get(code="IR-10"),
        county="انارک",
        latitude=Decimal("33.31000"),
        longitude=Decimal("53.69000"),
        primary_mineral=Mineral.objects.get(code="lead-zinc"),
        licence_type=LicenceType.EXPLOITATION,
        licence_number=f"FIN-DEMO-{operator.pk}-{rng.randrange(1000, 9999)}",
        licence_issued_on=today - dt.timedelta(days=700),
        licence_expires_on=today + dt.timedelta(days=1500),
        revival_stage=RevivalStage.INTERVENTION,
        verification_status=Verification.VERIFIED,
        verified_by=reviewer,
        verified_at=timezone.now(),
    )
    return [mine]
