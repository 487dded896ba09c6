"""What the associations pages share: one form feeding one service, and the representative's scope."""

from django.shortcuts import redirect, render

from revival_portal.forms import call_service


def form_page(request, form, service, *, title: str, success: str, back, arguments: dict, intro=None):
    """Run ``service`` with the form's data and ``arguments`` on a valid POST; back to ``back`` once done,
    the form again (filled in, with the refusal) otherwise."""
    if request.method == "POST" and form.is_valid():
        done = call_service(request, service, form=form, success=success, **arguments, **form.cleaned_data)
        if done:
            return redirect(back)
    return render(
        request, "associations/form_page.html", {"form": form, "title": title, "back": back, "intro": intro}
    )
