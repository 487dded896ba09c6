from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.models import User


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
    search_fields = ("username", "first_name", "last_name", "email", "national_id", "mobile", "company_name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Identity and company"),
            {"fields": ("national_id", "mobile", "company_name", "company_legal_id", "language")},
        ),
    )
