"""The associations forms; each one feeds one service, which checks every rule again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from associations.choices import Stance, Verdict
from associations.models import Investor, Offer
from associations.services.offers import OFFER_FIELDS
from financing.choices import ApplicationStatus
from financing.models import LoanApplication
from financing.services.guarantees import OPEN_FOR_GUARANTEES
from mines.models import Mine
from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role
from revival_portal.core.fields import CalendarDateField
from revival_portal.forms import BootstrapFormMixin

NOTE_WIDGET = forms.Textarea(attrs={"rows": 3})


class JoinForm(BootstrapFormMixin, forms.Form):
    mines = forms.ModelMultipleChoiceField(
        label=_("Your mines"), queryset=Mine.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=NOTE_WIDGET)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mines"].queryset = Mine.objects.for_user(user).filter(operator=user)


class AnswerForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=NOTE_WIDGET)


class EndorsementForm(BootstrapFormMixin, forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=NOTE_WIDGET)

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"] = forms.ModelChoiceField(
            label=_("Association"), queryset=associations, initial=associations.first()
        )
        self.order_fields(["association", "verdict", "note"])


class OpinionForm(BootstrapFormMixin, forms.Form):
    stance = forms.ChoiceField(label=_("Opinion"), choices=Stance.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=NOTE_WIDGET)


class ReviewSessionForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    meets_on = CalendarDateField(label=_("Meeting date"))
    applications = forms.ModelMultipleChoiceField(
        label=_("Agenda: recommended applications"),
        queryset=LoanApplication.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    fund_officer = forms.ModelChoiceField(label=_("Fund officer"), queryset=User.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = (
            LoanApplication.objects.for_user(user)
            .in_state(ApplicationStatus.RECOMMENDED)
            .select_related("mine")
        )
        self.fields["fund_officer"].queryset = User.objects.with_role(Role.FUND_OFFICER)


class OfferFieldsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Offer
        fields = list(OFFER_FIELDS)
        field_classes = {"starts_on": CalendarDateField, "ends_on": CalendarDateField}
        widgets = {"price_formula": forms.Textarea(attrs={"rows": 2}), "note": NOTE_WIDGET}


class SalesOfferForm(OfferFieldsForm):
    """An operator's offer to sell to a registered investor, backing one of their open applications."""

    class Meta(OfferFieldsForm.Meta):
        fields = ["investor", "application", *OFFER_FIELDS]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = Investor.objects.for_user(user)
        self.fields["application"].queryset = applications_open_for_guarantees(user)
        self.fields["application"].required = True


class AcceptForm(BootstrapFormMixin, forms.Form):
    """Accepting a purchase offer: which of the operator's open applications of the mine it backs."""

    application = forms.ModelChoiceField(label=_("Loan application"), queryset=LoanApplication.objects.none())

    def __init__(self, *args, offer, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications_open_for_guarantees(user).filter(mine=offer.mine)


def applications_open_for_guarantees(user):
    return LoanApplication.objects.for_user(user).filter(applicant=user, status__in=OPEN_FOR_GUARANTEES)
