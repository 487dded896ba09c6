"""Tenders: the public list, drafting and publishing, sealed bids, scoring and the award."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from equipment import services
from equipment.choices import TenderStatus
from equipment.filtersets import TenderFilterSet
from equipment.forms import AwardForm, BidForm, BidScoreForm, TenderForm
from equipment.models import Bid, Tender
from equipment.views.common import reviewer_required
from revival_portal.accounts.permissions import is_reviewer, role_required
from revival_portal.accounts.roles import Role
from revival_portal.core.pagination import paginate
from revival_portal.forms import call_service


def seal(bids, user) -> list[Bid]:
    """Set ``shown_price`` on each bid: its price if ``user`` may see it, else None.

    Templates read only ``shown_price``, never ``price_rials``.
    """
    bids = list(bids)
    for bid in bids:
        bid.shown_price = bid.price_rials if bid.price_visible_to(user) else None
    return bids


def tender_list(request):
    """Open tenders and awards, for everyone (also signed out); reviewers see every tender."""
    tenders = Tender.objects.for_user(request.user)
    context = {
        "open_tenders": tenders.open(),
        "awarded": tenders.awarded().select_related("award__bid__partner"),
    }
    if is_reviewer(request.user):
        context["filter"] = TenderFilterSet(request.GET or None, queryset=tenders)
        context["page"] = paginate(request, context["filter"].qs)
    return render(request, "equipment/tender_list.html", context)


def tender_detail(request, pk: int):
    tender = get_object_or_404(Tender.objects.for_user(request.user), pk=pk)
    user = request.user
    context = {"tender": tender, "award": getattr(tender, "award", None)}
    if context["award"] is not None:
        context["winning_bid"] = seal([context["award"].bid], user)[0]
    context["can_manage"] = is_reviewer(user)
    context["is_partner"] = user.is_authenticated and user.has_role(Role.PARTNER)
    if context["is_partner"]:
        own = tender.bids.filter(partner=user).first()
        context["own_bid"] = seal([own], user)[0] if own else None
    if is_reviewer(user) or (user.is_authenticated and user.is_programme_staff):
        context["bids"] = seal(tender.bids.select_related("partner"), user)
        context["events"] = tender.events.select_related("actor")
        if (
            is_reviewer(user)
            and tender.status in (TenderStatus.PUBLISHED, TenderStatus.CLOSED)
            and tender.bidding_over
        ):
            context["award_form"] = AwardForm(tender=tender)
            context["score_form"] = BidScoreForm()
    return render(request, "equipment/tender_detail.html", context)


@reviewer_required
def tender_create(request):
    form = TenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tender = call_service(
            request,
            lambda: services.tender_create(actor=request.user, **form.cleaned_data),
            form=form,
            success=_("The tender is saved as a draft."),
        )
        if tender is not None:
            return redirect("equipment:tender_detail", pk=tender.pk)
    return render(request, "equipment/tender_form.html", {"form": form})


@reviewer_required
def tender_edit(request, pk: int):
    tender = get_object_or_404(Tender.objects.for_user(request.user), pk=pk)
    form = TenderForm(request.POST or None, instance=tender)
    if request.method == "POST" and form.is_valid():
        call = lambda: services.tender_update(actor=request.user, tender=tender, **form.cleaned_data)  # noqa: E731
        if call_service(request, call, form=form, success=_("The tender is saved.")) is not None:
            return redirect("equipment:tender_detail", pk=pk)
    return render(request, "equipment/tender_form.html", {"form": form, "tender": tender})


@reviewer_required
@require_POST
def tender_publish(request, pk: int):
    tender = get_object_or_404(Tender.objects.for_user(request.user), pk=pk)
    call_service(
        request,
        lambda: services.tender_publish(actor=request.user, tender=tender),
        success=_("The tender is published and partners have been told."),
    )
    return redirect("equipment:tender_detail", pk=pk)


@reviewer_required
@require_POST
def tender_award(request, pk: int):
    tender = get_object_or_404(Tender.objects.for_user(request.user), pk=pk)
    form = AwardForm(request.POST, tender=tender)
    if form.is_valid():
        call_service(
            request,
            lambda: services.tender_award(actor=request.user, tender=tender, **form.cleaned_data),
            success=_("The tender is awarded and the bidders have been told."),
        )
    else:
        messages.error(request, _("Choose a bid and explain why it wins."))
    return redirect("equipment:tender_detail", pk=pk)


@role_required(Role.PARTNER)
def bid_submit(request, pk: int):
    """A partner's bid form: a first bid or a replacement while the tender is open."""
    tender = get_object_or_404(Tender.objects.for_user(request.user), pk=pk)
    existing = tender.bids.filter(partner=request.user).first()
    form = BidForm(request.POST or None, request.FILES or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        call = lambda: services.bid_submit(actor=request.user, tender=tender, **form.cleaned_data)  # noqa: E731
        saved = call_service(
            request, call, form=form, success=_("Your bid is saved. It stays sealed until closing.")
        )
        if saved is not None:
            return redirect("equipment:tender_detail", pk=pk)
    return render(request, "equipment/bid_form.html", {"form": form, "tender": tender, "existing": existing})


@login_required
def bid_list(request):
    """A partner's own bids (staff see all, amounts sealed until each tender closes)."""
    bids = seal(
        Bid.objects.for_user(request.user).select_related("tender", "partner").order_by("-submitted_at"),
        request.user,
    )
    return render(request, "equipment/bid_list.html", {"bids": bids})


@reviewer_required
@require_POST
def bid_score(request, pk: int):
    bid = get_object_or_404(Bid.objects.for_user(request.user), pk=pk)
    form = BidScoreForm(request.POST)
    if form.is_valid():
        call_service(
            request,
            lambda: services.bid_score(actor=request.user, bid=bid, score=form.cleaned_data["score"]),
            success=_("The score is saved."),
        )
    else:
        messages.error(request, _("Enter a score from 0 to 100."))
    return redirect("equipment:tender_detail", pk=bid.tender_id)


@login_required
def bid_document(request, pk: int):
    """Stream a bid's document to the bidder, or to staff once the tender has closed."""
    bid = get_object_or_404(Bid.objects.for_user(request.user).select_related("tender"), pk=pk)
    if not bid.document or not bid.document_visible_to(request.user):
        raise Http404
    return FileResponse(
        bid.document.open("rb"), as_attachment=True, filename=bid.document.name.rsplit("/", 1)[-1]
    )
