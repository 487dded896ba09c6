"""Account pages: sign-up, sign-in and out, password change and reset, language switch."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revival_portal.accounts import services, verification
from revival_portal.accounts.backends import PORTAL_BACKEND
from revival_portal.accounts.forms import ApiTokenForm, LoginForm, PasswordResetForm, SignUpForm
from revival_portal.accounts.models import ApiToken
from revival_portal.accounts.tokens import api_token_create
from revival_portal.accounts.tokens import api_token_revoke as revoke_token
from revival_portal.forms import add_service_errors


def sign_up(request: HttpRequest) -> HttpResponse:
    """Operator self-sign-up; every valid sign-up gets the same answer, new account or not."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.operator_sign_up(
            username=data["national_id"],
            password=data["password1"],
            email=data["email"],
            national_id=data["national_id"],
            mobile=data["mobile"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            company_name=data.get("company_name", ""),
            company_legal_id=data.get("company_legal_id", ""),
            language=request.LANGUAGE_CODE,
        )
        return redirect("accounts:sign_up_sent")
    return render(request, "accounts/sign_up.html", {"form": form})


def sign_up_sent(request: HttpRequest) -> HttpResponse:
    """Where every sign-up lands: look in your mailbox."""
    message = gettext_lazy(
        "Thank you. If these details are new, a message with a link to confirm your e-mail address is on its "
        "way: open it within a day to activate your account, then sign in with your national ID. If an "
        "account already uses these details, its owner has been told by e-mail."
    )
    return render(request, "accounts/message_page.html", {"message": message, "id": "sign-up-sent"})


def email_verify(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Follow the e-mailed link: activate the account, sign its owner in and welcome them."""
    user = verification.user_from_link(uidb64, token)
    if user is None:
        message = gettext_lazy(
            "This link is invalid, used or expired. If your account is not active yet, sign up again with "
            "the same details and a new link will be e-mailed to you."
        )
        context = {"message": message, "id": "verify-failed", "level": "warning"}
        return render(request, "accounts/message_page.html", context)
    services.operator_email_verify(user=user)
    login(request, user, backend=PORTAL_BACKEND)
    messages.success(request, _("Your e-mail address is confirmed. Welcome! Your operator account is ready."))
    return redirect("dashboard")


class LoginView(auth_views.LoginView):
    """Sign-in by national id or user name; a signed-in visitor goes straight on."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the signed-in person's password."""

    template_name = "accounts/form_page.html"
    extra_context = {"title": gettext_lazy("Change password")}
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    """A one-line confirmation page."""

    template_name = "accounts/message_page.html"
    extra_context = {"message": gettext_lazy("Your password was changed.")}


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by e-mail; the answer is the same whether or not the address is known."""

    form_class = PasswordResetForm
    template_name = "accounts/form_page.html"
    extra_context = {"title": gettext_lazy("Reset your password")}
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self) -> dict:
        # The link uses the configured public address, never the Host header of whoever asked.
        return {"site_url": settings.SITE_URL.rstrip("/")}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """A one-line confirmation page."""

    template_name = "accounts/message_page.html"
    extra_context = {
        "message": gettext_lazy(
            "If an account uses that e-mail address, a message with a reset link is on its way."
        )
    }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password from the e-mailed link (an expired or used link says so)."""

    template_name = "accounts/form_page.html"
    extra_context = {"title": gettext_lazy("Choose a new password")}
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    """A one-line confirmation page."""

    template_name = "accounts/message_page.html"
    extra_context = {"message": gettext_lazy("Your password was set. You can log in now.")}


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language (cookie, and the user's preference when signed in)."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE or 60 * 60 * 24 * 365,
            samesite="Lax",
            secure=request.is_secure(),
        )
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=language)
    return response


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in person's API tokens: create one (its secret is shown once) and revoke any."""
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = api_token_create(actor=request.user, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = ApiTokenForm()
    context = {"form": form, "secret": secret, "tokens": request.user.api_tokens.all()}
    return render(request, "accounts/api_tokens.html", context)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the signed-in person's tokens (another's is simply not found)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(actor=request.user, token=token)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:api_tokens")
