"""Forms of the equipment pages; every value they clean goes to a service, never straight to save()."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from equipment.models import Bid, ProcessingUnit, Tender, UnitRequest
from mines.models import Mine, Mineral
from revival_portal.core.bounded import NOTE_MAX_LENGTH
from revival_portal.core.fields import (
    CalendarDateField,
    CalendarDateTimeField,
    LocalisedDecimalField,
    MoneyFormField,
)
from revival_portal.forms import BootstrapFormMixin


class MineMineralSelect(forms.Select):
    """Minerals marked with the mines that produce them (``data-mines``), so the page lists only the chosen
    mine's own (static/js/mine-minerals.js); the service refuses any other."""

    mines_by_mineral: dict[int, list[int]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mines_by_mineral = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        mineral_id = getattr(value, "value", value)
        if mineral_id in self.mines_by_mineral:
            option["attrs"]["data-mines"] = " ".join(str(pk) for pk in self.mines_by_mineral[mineral_id])
        return option


class UnitRequestForm(BootstrapFormMixin, forms.ModelForm):
    """An operator's request: one of their eligible mines, a mineral it produces, tonnes and a window."""

    ore_tonnes = LocalisedDecimalField(
        label=_("ore to process (t)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )

    class Meta:
        model = UnitRequest
        fields = ["mine", "mineral", "ore_tonnes", "desired_start", "desired_end", "note"]
        field_classes = {"desired_start": CalendarDateField, "desired_end": CalendarDateField}
        widgets = {"note": forms.Textarea({"rows": 3}), "mineral": MineMineralSelect}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mines = Mine.objects.for_user(user).eligible()
        self.fields["mine"].queryset = mines
        # Only minerals the operator's own mines produce; each option says which of them produces it.
        mines_by_mineral: dict[int, list[int]] = {}
        for mine_id, primary_id, other_ids in _mine_minerals(mines):
            for mineral_id in {primary_id, *other_ids}:
                mines_by_mineral.setdefault(mineral_id, []).append(mine_id)
        self.fields["mineral"].queryset = Mineral.objects.filter(pk__in=mines_by_mineral)
        self.fields["mineral"].widget.mines_by_mineral = mines_by_mineral

    def clean(self):
        data = super().clean()
        start, end = data.get("desired_start"), data.get("desired_end")
        if start and end and end < start:
            self.add_error("desired_end", _("The desired end must be on or after the desired start."))
        return data

    def _post_clean(self):
        # The model is validated by the service (requested_by and status are set there).
        pass


def _mine_minerals(mines):
    """(mine id, primary mineral id, other mineral ids) for each mine, in two queries."""
    for mine in mines.prefetch_related("other_minerals").only("pk", "primary_mineral_id"):
        yield mine.pk, mine.primary_mineral_id, [mineral.pk for mineral in mine.other_minerals.all()]


class BookingScheduleForm(BootstrapFormMixin, forms.Form):
    """A reviewer books one of the suggested units; the dates default to the operator's desired window."""

    unit = forms.ModelChoiceField(queryset=ProcessingUnit.objects.none(), label=_("unit"))
    start_date = CalendarDateField(label=_("first day"))
    end_date = CalendarDateField(label=_("last day (inclusive)"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = ProcessingUnit.objects.bookable() if units is None else units

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day must be on or after the first day."))
        return data


class BookingCompleteForm(BootstrapFormMixin, forms.Form):
    tonnes_processed = LocalisedDecimalField(
        label=_("tonnes processed"), max_digits=12, decimal_places=2, min_value=Decimal(0)
    )
    condition_notes = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("condition notes"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        max_length=NOTE_MAX_LENGTH, label=_("reason"), required=False, widget=forms.Textarea({"rows": 2})
    )


class TenderForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Tender
        fields = ["title", "scope", "kind", "closes_at"]
        field_classes = {"closes_at": CalendarDateTimeField}
        widgets = {
            "scope": forms.Textarea({"rows": 5}),
        }

    def _post_clean(self):
        # created_by is set by the service, which calls full_clean().
        pass


class BidForm(BootstrapFormMixin, forms.ModelForm):
    """A partner's sealed bid; submitting again replaces the previous one."""

    price_rials = MoneyFormField(label=_("price (rials)"))

    class Meta:
        model = Bid
        fields = ["price_rials", "delivery_schedule", "document"]
        widgets = {"delivery_schedule": forms.Textarea({"rows": 4})}

    def _post_clean(self):
        # Run the field validators of the document (type, size) only; the service validates the rest.
        document = self.cleaned_data.get("document")
        if document:
            try:
                for validator in Bid._meta.get_field("document").validators:
                    validator(document)
            except ValidationError as error:
                self.add_error("document", error)


class BidScoreForm(BootstrapFormMixin, forms.Form):
    score = forms.IntegerField(label=_("score (0-100)"), min_value=0, max_value=100)


class AwardForm(BootstrapFormMixin, forms.Form):
    bid = forms.ModelChoiceField(queryset=Bid.objects.none(), label=_("winning bid"))
    justification = forms.CharField(
        max_length=NOTE_MAX_LENGTH, label=_("justification"), widget=forms.Textarea({"rows": 4})
    )

    def __init__(self, *args, tender: Tender, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].queryset = tender.bids.select_related("partner")
        self.fields["bid"].label_from_instance = lambda bid: str(bid.partner.company_name or bid.partner)
