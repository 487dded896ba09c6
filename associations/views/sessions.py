"""Review sessions: the agenda, invitations, opinions before the decision, and the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from associations import services
from associations.forms import OpinionForm, ReviewSessionForm
from associations.minutes import minutes_of, minutes_rows
from associations.models import AgendaItem, ReviewSession
from associations.views.common import form_page
from revival_portal.accounts.permissions import is_reviewer
from revival_portal.core.exports import csv_response
from revival_portal.core.pagination import paginate
from revival_portal.core.pdf import pdf_response
from revival_portal.forms import call_service


def _visible(request, pk: int) -> ReviewSession:
    return get_object_or_404(ReviewSession.objects.for_user(request.user), pk=pk)


@login_required
def session_list(request):
    queryset = ReviewSession.objects.for_user(request.user).select_related("opened_by")
    page = paginate(request, queryset)
    return render(request, "associations/session_list.html", {"page": page})


@login_required
def session_new(request):
    """A reviewer opens a session: date, agenda of recommended applications, a fund officer to invite."""
    if not is_reviewer(request.user):
        raise Http404
    return form_page(
        request,
        ReviewSessionForm(request.POST or None, user=request.user),
        services.review_session_open,
        title=_("New review session"),
        success=_("The session was opened and the invitations were sent."),
        back=reverse("associations:session_list"),
        arguments={"actor": request.user},
    )


@login_required
def session_detail(request, pk: int):
    session = _visible(request, pk)
    minutes = minutes_of(session, request.user)
    invited = any(invitation.user_id == request.user.pk for invitation in minutes["invitations"])
    return render(
        request,
        "associations/session_detail.html",
        {"session": session, "minutes": minutes, "invited": invited, "opinion_form": OpinionForm()},
    )


@login_required
@require_POST
def opinion_add(request, pk: int, item_pk: int):
    session = _visible(request, pk)
    item = get_object_or_404(AgendaItem.objects.filter(session=session), pk=item_pk)
    form = OpinionForm(request.POST)
    if form.is_valid():
        call_service(
            request,
            services.opinion_record,
            item=item,
            actor=request.user,
            success=_("Your opinion was recorded."),
            **form.cleaned_data,
        )
    else:
        messages.error(request, _("Choose support, object or abstain."))
    return redirect(session)


@login_required
@require_POST
def session_close(request, pk: int):
    session = _visible(request, pk)
    call_service(
        request,
        services.review_session_close,
        session=session,
        actor=request.user,
        success=_("The session is closed."),
    )
    return redirect(session)


@login_required
def session_minutes(request, pk: int):
    """The printable minutes; ``?download=csv`` sends them as a spreadsheet (the PDF is its own page)."""
    session = _visible(request, pk)
    minutes = minutes_of(session, request.user)
    if request.GET.get("download") == "csv":
        columns, rows = minutes_rows(minutes)
        return csv_response(filename=f"minutes-{session.pk}.csv", columns=columns, rows=iter(rows))
    return render(request, "associations/session_minutes.html", {"session": session, "minutes": minutes})


@login_required
@require_GET
def session_minutes_pdf(request, pk: int):
    """The minutes as a PDF, scoped like the page: a representative reads only their members' items."""
    session = _visible(request, pk)
    return pdf_response(
        request,
        "pdf/session_minutes.html",
        {"session": session, "minutes": minutes_of(session, request.user)},
        filename=f"minutes-{session.pk}",
    )
