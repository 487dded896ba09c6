from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.models import ApiToken, User
from revival_portal.accounts.tokens import MAX_LIFETIME_DAYS, api_token_create, api_token_revoke


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (
        "username",
        "get_full_name",
        "email",
        "mobile",
        "company_name",
        "is_active",
        "date_joined",
    )
    list_filter = ("groups", "is_active", "is_staff", "language")
    # Staff status follows the role (only administrators): it is set by the account services.
    readonly_fields = ("is_staff", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email", "national_id", "mobile", "company_name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Identity and company"),
            {"fields": ("national_id", "mobile", "company_name", "company_legal_id", "language")},
        ),
    )


class ApiTokenAdminForm(forms.ModelForm):
    lifetime_days = forms.IntegerField(label=_("valid for (days)"), min_value=1, max_value=MAX_LIFETIME_DAYS)

    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators create a token for a machine client's user and revoke any; a secret is shown once."""

    form = ApiTokenAdminForm
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    raw_id_fields = ("user",)
    actions = ["revoke_tokens"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "lifetime_days"]
        return [
            "user",
            "name",
            "prefix",
            "created_by",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the row stays as the record of who could call the API

    def save_model(self, request, obj, form, change):
        token, secret = api_token_create(
            actor=request.user,
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            lifetime_days=form.cleaned_data["lifetime_days"],
        )
        obj.pk = token.pk
        obj._state.adding = False
        obj.refresh_from_db()
        self.message_user(
            request,
            _("Copy the token now, it is not shown again: %(secret)s") % {"secret": secret},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_tokens(self, request, queryset):
        for token in queryset:
            api_token_revoke(actor=request.user, token=token)
        self.message_user(request, _("Tokens revoked."), messages.SUCCESS)
