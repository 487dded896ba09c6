"""Application pages: the operator's multi-step form (a draft saved at every step), lists and detail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from financing import services
from financing.extensions import panels_for
from financing.filtersets import LoanApplicationFilterSet
from financing.forms import (
    ApplicationMineForm,
    ApplicationTermsForm,
    DocumentForm,
    GuaranteeForm,
    NoteForm,
)
from financing.models import LoanApplication
from financing.rates import policy_in_force, rate_cap
from financing.workflow import allowed_actions
from revival_portal.core.pagination import paginate
from revival_portal.forms import call_service
from revival_portal.queues import last_visit, sort_queue

STEPS = [
    ("mine", gettext_lazy("Mine and amount")),
    ("terms", gettext_lazy("Terms")),
    ("guarantees", gettext_lazy("Guarantees")),
    ("documents", gettext_lazy("Documents")),
    ("review", gettext_lazy("Review and submit")),
]
STEP_NAMES = [name for name, _label in STEPS]


def _visible(request, pk: int) -> LoanApplication:
    return get_object_or_404(
        LoanApplication.objects.for_user(request.user).select_related("mine", "applicant"), pk=pk
    )


SORT_COLUMNS = {"submitted": "sent_at", "amount": "amount_requested", "updated": "updated_at"}


def filtered_applications(request, queryset):
    """The list's rows for the query (staff without filters: the review queue), newest first unless
    ``?sort=`` says otherwise: ``(filterset, ordered queryset, sort links)``; the page and its export use
    it. ``request`` needs only ``user`` and ``GET``."""
    filters = request.GET.copy()
    for not_a_filter in ("sort", "page"):
        filters.pop(not_a_filter, None)
    if request.user.is_programme_staff and not filters:
        queryset = queryset.review_queue()
    filterset = LoanApplicationFilterSet(filters or None, queryset=queryset, request=request)
    # Newest first: what was submitted last (a draft, never submitted, by when it was started).
    ordered, sort = sort_queue(
        request,
        filterset.qs.annotate(sent_at=Coalesce("submitted_at", "created_at")),
        SORT_COLUMNS,
        default="-submitted",
    )
    return filterset, ordered, sort


# What a row of the list shows (financing/application_list.html), the only columns its rows read.
LIST_ROW_FIELDS = (
    "applicant_id",
    "amount_requested",
    "proposed_rate",
    "status",
    "submitted_at",
    "updated_at",
    "mine__name",
    "applicant__username",
    "applicant__first_name",
    "applicant__last_name",
)


@login_required
def application_list(request):
    """Operators: their applications and drafts; staff: the review queue with filters."""
    queryset = LoanApplication.objects.for_user(request.user).select_related("mine", "applicant")
    filterset, ordered, sort = filtered_applications(request, queryset)
    context = {
        "filterset": filterset,
        "page": paginate(request, ordered.only(*LIST_ROW_FIELDS)),
        "sort": sort,
        "last_visit": last_visit(request, "loan-applications") if request.user.is_programme_staff else None,
    }
    return render(request, "financing/application_list.html", context)


@login_required
def application_new(request):
    """Step 1 for a new application: saving it creates the draft."""
    if not request.user.is_operator:
        raise Http404
    form = ApplicationMineForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        application = call_service(
            request,
            services.loan_application_create,
            form=form,
            applicant=request.user,
            success=_("Draft saved."),
            **form.cleaned_data,
        )
        if application:
            return redirect("financing:application_step", pk=application.pk, step="terms")
    return render(request, "financing/application_form.html", _step_context(None, "mine", form))


def _step_context(application, step, form=None, **extra):
    return {
        "application": application,
        "steps": STEPS,
        "step": step,
        "form": form,
        "cap": rate_cap(),
        "policy": policy_in_force(),
        **extra,
    }


@login_required
def application_step(request, pk: int, step: str):
    """One step of the form for an existing draft; every valid POST saves and moves to the next step."""
    if step not in STEP_NAMES:
        raise Http404
    application = _visible(request, pk)
    if application.applicant_id != request.user.pk:
        raise Http404
    if not application.is_editable:
        messages.info(request, _("This application can no longer be changed."))
        return redirect(application)
    next_step = STEP_NAMES[min(STEP_NAMES.index(step) + 1, len(STEP_NAMES) - 1)]
    form = None
    extra = {}
    if step in ("mine", "terms"):
        form_class = ApplicationMineForm if step == "mine" else ApplicationTermsForm
        kwargs = {"user": request.user} if step == "mine" else {}
        form = form_class(request.POST or None, instance=application, **kwargs)
        if request.method == "POST" and form.is_valid():
            saved = call_service(
                request,
                services.loan_application_update,
                form=form,
                application=application,
                actor=request.user,
                success=_("Draft saved."),
                **{name: form.cleaned_data[name] for name in form_class.Meta.fields},
            )
            if saved:
                return redirect("financing:application_step", pk=pk, step=next_step)
            application.refresh_from_db()
    elif step == "guarantees":
        form = GuaranteeForm(request.POST or None, application=application)
        if request.method == "POST" and form.is_valid():
            saved = call_service(
                request,
                services.guarantee_create,
                form=form,
                application=application,
                actor=request.user,
                success=_("Guarantee saved."),
                **form.cleaned_data,
            )
            if saved:
                return redirect("financing:application_step", pk=pk, step="guarantees")
    elif step == "documents":
        form = DocumentForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            saved = call_service(
                request,
                services.document_upload,
                form=form,
                application=application,
                actor=request.user,
                document_type=form.cleaned_data["document_type"],
                uploaded=form.cleaned_data["file"],
                success=_("The document was uploaded."),
            )
            if saved:
                return redirect("financing:application_step", pk=pk, step="documents")
    else:
        extra["missing"] = application.missing_for_submission()
        extra["resubmit_form"] = NoteForm()
    extra["guarantees"] = application.guarantees.select_related("mineral", "signed_document")
    extra["documents"] = application.documents.all()
    return render(request, "financing/application_form.html", _step_context(application, step, form, **extra))


@login_required
def application_detail(request, pk: int):
    """The whole application: mine data, guarantees, documents, review, decision and event timeline."""
    application = _visible(request, pk)
    context = {
        "application": application,
        "actions": allowed_actions(application, request.user),
        "events": application.events.select_related("actor"),
        "guarantees": application.guarantees.select_related("mineral", "signed_document", "verified_by"),
        "documents": application.documents.all(),
        "review": application.reviews.select_related("reviewer").first()
        if request.user.is_programme_staff
        else None,
        "decision": application.decision,
        "earlier_decisions": application.decisions.exclude(superseded_at=None).select_related("decided_by"),
        "loan": getattr(application, "loan", None),
        "note_form": NoteForm(),
        "panels": panels_for(application, request.user),
    }
    return render(request, "financing/application_detail.html", context)


SIMPLE_ACTIONS = {
    "submit": (services.loan_application_submit, False, gettext_lazy("The application was submitted.")),
    "withdraw": (services.loan_application_withdraw, None, gettext_lazy("The application was withdrawn.")),
    "start_review": (services.loan_application_start_review, False, gettext_lazy("The review has started.")),
    "request_info": (
        services.loan_application_request_info,
        True,
        gettext_lazy("Information was requested."),
    ),
    "resubmit": (services.loan_application_resubmit, True, gettext_lazy("Your answer was sent.")),
    "return_for_decision": (
        services.loan_application_return_for_decision,
        True,
        gettext_lazy("The application was returned for a new decision."),
    ),
}


@login_required
@require_POST
def application_action(request, pk: int, action: str):
    """A workflow button: the service decides; a refusal becomes a message on the page."""
    if action not in SIMPLE_ACTIONS:
        raise Http404
    application = _visible(request, pk)
    service, note_rule, success = SIMPLE_ACTIONS[action]
    kwargs = {}
    if note_rule is not False:
        # The form refuses what no text column can hold (a NUL character); the service says if a note
        # is required.
        form = NoteForm(request.POST)
        form.fields["note"].required = False
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["note"]))
            return redirect(application)
        kwargs["note"] = form.cleaned_data["note"]
    call_service(
        request, service, application=application, actor=request.user, success=str(success), **kwargs
    )
    return redirect(application)
