"""The financing forms; every money rule is checked again by the service it feeds."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from financing.choices import DecisionOutcome, DocumentType, PrepaymentMode, Recommendation
from financing.models import Guarantee, LoanApplication
from financing.rates import validate_rate
from financing.services.applications import grace_period_check
from financing.services.documents import document_file_check
from financing.services.guarantees import GUARANTEE_FIELDS
from financing.services.loans import contract_terms_check
from financing.services.servicing import movement_date_check
from financing.services.terms import decision_terms_check
from mines.models import Mine
from revival_portal.core.bounded import NOTE_MAX_LENGTH
from revival_portal.core.fields import CalendarDateField, LocalisedDecimalField, MoneyFormField, ShebaField
from revival_portal.forms import BootstrapFormMixin


def rate_field(label, **kwargs) -> forms.DecimalField:
    """A percentage with two decimals; the cap is checked in ``clean`` with the policy in force today."""
    return LocalisedDecimalField(
        label=label,
        **kwargs,
        max_digits=5,
        decimal_places=2,
        help_text=_("At least 0 and strictly below 18 % (and below the rate policy in force)."),
    )


class ApplicationMineForm(BootstrapFormMixin, forms.ModelForm):
    """Step 1: which of your verified mines, and how much."""

    amount_requested = MoneyFormField(label=_("Amount requested (rials)"))

    class Meta:
        model = LoanApplication
        fields = ["mine", "amount_requested"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mine"].queryset = Mine.objects.for_user(user).eligible().filter(operator=user)


class ApplicationTermsForm(BootstrapFormMixin, forms.ModelForm):
    """Step 2: purpose, term, grace period and the proposed rate."""

    proposed_rate = rate_field(_("Proposed interest rate (%)"))

    class Meta:
        model = LoanApplication
        fields = ["purpose", "term_months", "grace_months", "proposed_rate"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def clean_proposed_rate(self):
        """The shared cap rule (statutory 18 % and the policy in force today) as a field error."""
        rate = self.cleaned_data.get("proposed_rate")
        if rate is not None:
            validate_rate(rate, timezone.localdate(), check_policy=True)
        return rate

    def clean(self):
        """The service's grace rule, as an error on ``grace_months``."""
        cleaned = super().clean()
        try:
            grace_period_check(cleaned.get("term_months"), cleaned.get("grace_months"))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class GuaranteeForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Guarantee
        fields = list(GUARANTEE_FIELDS)
        field_classes = {"starts_on": CalendarDateField, "ends_on": CalendarDateField}
        widgets = {
            "price_formula": forms.Textarea(attrs={"rows": 2}),
            "counterparty_id": forms.TextInput(
                attrs={"dir": "ltr", "inputmode": "numeric", "class": "identifier"}
            ),
        }

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_document"].queryset = application.documents.all()


class DocumentForm(BootstrapFormMixin, forms.Form):
    document_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            document_file_check(uploaded)
        except ValidationError as error:
            raise ValidationError(error.message_dict.get("file", error.messages)) from None
        return uploaded


class NoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH, label=_("Note"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RecommendForm(BootstrapFormMixin, forms.Form):
    # No score is chosen in advance: a reviewer who skips a field is asked for it rather than scoring 1.
    SCORES = [("", "—"), *((n, str(n)) for n in range(1, 6))]

    score_technical = forms.TypedChoiceField(label=_("Technical soundness"), choices=SCORES, coerce=int)
    score_financial = forms.TypedChoiceField(label=_("Financial viability"), choices=SCORES, coerce=int)
    score_guarantees = forms.TypedChoiceField(label=_("Strength of guarantees"), choices=SCORES, coerce=int)
    score_impact = forms.TypedChoiceField(label=_("Jobs and output impact"), choices=SCORES, coerce=int)
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=[("", "—"), *Recommendation.choices]
    )
    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH, label=_("Note"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DecideForm(BootstrapFormMixin, forms.Form):
    """Approve or reject; an approval fixes the amount and the rate the contract must follow."""

    outcome = forms.ChoiceField(label=_("Decision"), choices=DecisionOutcome.choices)
    approved_amount = MoneyFormField(
        label=_("Approved amount (rials)"),
        required=False,
        help_text=_("At most the amount requested; the contract may lower it, never raise it."),
    )
    rate = rate_field(_("Approved interest rate (%)"), required=False)
    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH, label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, application, **kwargs):
        kwargs.setdefault(
            "initial", {"approved_amount": application.amount_requested, "rate": application.proposed_rate}
        )
        super().__init__(*args, **kwargs)
        self.application = application

    def clean(self):
        """The service's check of the approved terms, as field errors (an approval needs both)."""
        cleaned = super().clean()
        if cleaned.get("outcome") != DecisionOutcome.APPROVED:
            return cleaned
        for name in ("approved_amount", "rate"):
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, _("An approval needs an amount and a rate."))
        if self.errors:
            return cleaned
        try:
            decision_terms_check(
                self.application,
                approved_amount=cleaned["approved_amount"],
                rate=cleaned["rate"],
                on=timezone.localdate(),
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class ContractForm(BootstrapFormMixin, forms.Form):
    approved_amount = MoneyFormField(label=_("Approved amount (rials)"))
    rate = rate_field(_("Interest rate (%)"))
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=360)
    grace_months = forms.IntegerField(label=_("Grace period (months)"), min_value=0, max_value=359)
    first_due_date = CalendarDateField(label=_("First due date"))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application

    def clean(self):
        """The service's own check of the terms, so the form and ``loan_contract`` cannot disagree."""
        cleaned = super().clean()
        valid = {name for name in self.fields if cleaned.get(name) is not None}
        try:
            contract_terms_check(
                self.application, on=timezone.localdate(), **{name: cleaned.get(name) for name in self.fields}
            )
        except ValidationError as error:
            # A field that failed its own cleaning already shows why; only the valid ones get more.
            for name, errors in error.error_dict.items():
                if name in valid:
                    self.add_error(name, errors)
        return cleaned


class LoanMovementForm(BootstrapFormMixin, forms.Form):
    """A dated movement on a loan: the date gets the service's own rule as a field error."""

    movement_kind = ""
    date_field = ""

    def __init__(self, *args, loan, **kwargs):
        super().__init__(*args, **kwargs)
        self.loan = loan

    def clean(self):
        cleaned = super().clean()
        try:
            movement_date_check(
                self.loan, kind=self.movement_kind, on=cleaned.get(self.date_field), field=self.date_field
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class DisbursementForm(LoanMovementForm):
    movement_kind, date_field = "tranche", "disbursed_on"

    amount = MoneyFormField(label=_("Amount (rials)"))
    disbursed_on = CalendarDateField(label=_("Date"), initial=timezone.localdate)
    bank_reference = forms.CharField(label=_("Bank reference"), max_length=64)
    destination_sheba = ShebaField(label=_("Destination Sheba"))


class RepaymentForm(LoanMovementForm):
    movement_kind, date_field = "payment", "paid_on"

    amount = MoneyFormField(label=_("Amount (rials)"))
    paid_on = CalendarDateField(label=_("Paid on"), initial=timezone.localdate)
    reference = forms.CharField(label=_("Reference"), max_length=64)
    prepayment_mode = forms.ChoiceField(
        label=_("If more than what is due is paid"),
        choices=PrepaymentMode.choices,
        initial=PrepaymentMode.LOWER_INSTALMENT,
        widget=forms.RadioSelect,
        help_text=_("The part paid ahead reduces the principal; choose what happens to the schedule."),
    )


class RemainderCancelForm(LoanMovementForm):
    movement_kind, date_field = "cancellation", "cancelled_on"

    cancelled_on = CalendarDateField(label=_("Date"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class PenaltyWaiverForm(LoanMovementForm):
    movement_kind, date_field = "waiver", "waived_on"

    instalment_number = forms.IntegerField(label=_("Instalment"), min_value=1, max_value=360)
    amount = MoneyFormField(label=_("Amount waived (rials)"))
    waived_on = CalendarDateField(label=_("Date"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class PayoffQuoteForm(BootstrapFormMixin, forms.Form):
    on = CalendarDateField(label=_("Pay off on"), initial=timezone.localdate)
