"""Account forms: operator sign-up, login that accepts Persian digits, password reset through Celery."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.models import User
from revival_portal.core.fields import LegalEntityIdField, MobileField, NationalIdField
from revival_portal.core.text import normalize_digits
from revival_portal.forms import BootstrapFormMixin


class SignUpForm(BootstrapFormMixin, auth_forms.BaseUserCreationForm):
    """Operator self-sign-up; the national id becomes the sign-in name. Checks the values, never whether
    they are registered already (see ``revival_portal.accounts.verification``)."""

    national_id = NationalIdField(label=_("National ID"))
    mobile = MobileField(label=_("Mobile"), help_text=_("For example 09121234567"))
    email = forms.EmailField(label=_("E-mail address"))
    company_name = forms.CharField(label=_("Company name"), required=False, max_length=200)
    company_legal_id = LegalEntityIdField(label=_("Company legal-entity ID"), required=False)

    class Meta:
        model = User
        fields = (
            "first_name",
            "last_name",
            "national_id",
            "mobile",
            "email",
            "company_name",
            "company_legal_id",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("username", None)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True

    def _get_validation_exclusions(self):
        # Taken identifiers are not field errors: that would tell anyone who is registered. The form checks
        # their format; the sign-up service checks that they are free and e-mails the owner when they are not.
        return super()._get_validation_exclusions() | {"username", "national_id", "mobile", "email"}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("company_name") and not cleaned.get("company_legal_id"):
            self.add_error("company_legal_id", _("Enter the company’s legal-entity ID."))
        if cleaned.get("company_legal_id") and not cleaned.get("company_name"):
            self.add_error("company_name", _("Enter the company's name."))
        return cleaned

    def _post_clean(self):
        # The username is the national id; set it before the model validation runs.
        if self.cleaned_data.get("national_id"):
            self.instance.username = self.cleaned_data["national_id"]
        super()._post_clean()


class LoginForm(BootstrapFormMixin, auth_forms.AuthenticationForm):
    """Sign-in by national id (or a staff user name); Persian digits are accepted."""

    username = auth_forms.UsernameField(
        label=_("National ID or user name"), widget=forms.TextInput(attrs={"autofocus": True})
    )

    def clean_username(self) -> str:
        return normalize_digits(self.cleaned_data.get("username", "")).strip()


class PasswordResetForm(BootstrapFormMixin, auth_forms.PasswordResetForm):
    """Password reset whose e-mail is sent by a Celery task after the request commits."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.template import loader

        from revival_portal.notifications.services import email_send_later

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_send_later(subject=subject, body=body, to=[to_email])


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    """A new personal API token: a name to recognise it and how long it stays valid."""

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("For example: the reporting script."))
    lifetime_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=90)
