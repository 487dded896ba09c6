"""Investors' catalogue of verified mines, purchase and sales offers, and their answers."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations import services
from associations.choices import OfferDirection, OfferStatus
from associations.filtersets import CatalogueFilterSet, OfferFilterSet
from associations.forms import AcceptForm, AnswerForm, OfferFieldsForm, SalesOfferForm
from associations.models import Investor, Offer
from associations.selectors import catalogue_mines
from associations.views.common import form_page
from revival_portal.core.pagination import paginate
from revival_portal.forms import call_service


def _investor(request) -> Investor:
    investor = Investor.objects.filter(user=request.user, active=True).first()
    if investor is None:
        raise Http404
    return investor


@login_required
def catalogue(request):
    """Verified mines for registered investors: province, minerals, output, stage — no personal data."""
    _investor(request)
    filterset = CatalogueFilterSet(request.GET or None, queryset=catalogue_mines(), request=request)
    page = paginate(request, filterset.qs)
    return render(request, "associations/catalogue.html", {"filterset": filterset, "page": page})


@login_required
def purchase_offer_new(request, mine_pk: int):
    _investor(request)
    mine = get_object_or_404(catalogue_mines(), pk=mine_pk)
    return form_page(
        request,
        OfferFieldsForm(request.POST or None, initial={"mineral": mine.primary_mineral_id}),
        services.offer_make_purchase,
        title=_("Purchase offer for %(mine)s") % {"mine": mine.name},
        success=_("Your offer was sent to the operator."),
        back="associations:offer_list",
        arguments={"actor": request.user, "mine": mine},
    )


@login_required
def sales_offer_new(request):
    if not request.user.is_operator:
        raise Http404
    return form_page(
        request,
        SalesOfferForm(request.POST or None, user=request.user),
        services.offer_make_sales,
        title=_("Offer your output to an investor"),
        success=_("Your offer was sent to the investor."),
        back="associations:offer_list",
        arguments={"actor": request.user},
    )


@login_required
def offer_list(request):
    """Offers made to or by the signed-in person (all of them for staff)."""
    queryset = Offer.objects.for_user(request.user).select_related(
        "investor", "mine", "mineral", "application"
    )
    filterset = OfferFilterSet(request.GET or None, queryset=queryset, request=request)
    page = paginate(request, filterset.qs)
    return render(request, "associations/offer_list.html", {"filterset": filterset, "page": page})


@login_required
def offer_detail(request, pk: int):
    offer = get_object_or_404(
        Offer.objects.for_user(request.user).select_related("investor__user", "mine__operator", "mineral"),
        pk=pk,
    )
    is_open = offer.status == OfferStatus.SENT
    answering = is_open and offer.answerer().pk == request.user.pk
    accept_form = None
    if answering and offer.direction == OfferDirection.PURCHASE:
        accept_form = AcceptForm(request.POST or None, offer=offer, user=request.user)
        if request.method == "POST" and accept_form.is_valid():
            done = call_service(
                request,
                services.offer_accept,
                form=accept_form,
                offer=offer,
                actor=request.user,
                success=_("The offer was accepted: the guarantee is on your application."),
                **accept_form.cleaned_data,
            )
            if done:
                return redirect(offer)
    return render(
        request,
        "associations/offer_detail.html",
        {
            "offer": offer,
            "answering": answering,
            "withdrawing": is_open and offer.sender().pk == request.user.pk,
            "accept_form": accept_form,
            "note_form": AnswerForm(),
        },
    )


OFFER_ACTIONS = {
    "accept": (services.offer_accept, _("The offer was accepted: the guarantee is on the application.")),
    "decline": (services.offer_decline, _("The offer was declined.")),
    "withdraw": (services.offer_withdraw, _("The offer was withdrawn.")),
}


@login_required
@require_POST
def offer_action(request, pk: int, action: str):
    if action not in OFFER_ACTIONS:
        raise Http404
    offer = get_object_or_404(Offer.objects.for_user(request.user), pk=pk)
    service, success = OFFER_ACTIONS[action]
    kwargs = {}
    if action != "accept":
        form = AnswerForm(request.POST)
        kwargs["note"] = form.cleaned_data["note"] if form.is_valid() else ""
    call_service(request, service, offer=offer, actor=request.user, success=str(success), **kwargs)
    return redirect(offer)
