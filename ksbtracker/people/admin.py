from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from ksbtracker.audit.admin_mixins import AuditedAdminMixin

from .models import EmployerLink, Enrolment, Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name",)}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    filter_horizontal = ("groups",)
    inlines = [MembershipInline]


class EmployerLinkInline(admin.TabularInline):
    """The employers a provider works with (shown on a provider's page)."""

    model = EmployerLink
    fk_name = "provider"
    extra = 0
    autocomplete_fields = ("employer",)
    verbose_name = "employer this provider works with"
    verbose_name_plural = "employers this provider works with"


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "ukprn")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = [EmployerLinkInline]


@admin.register(Enrolment)
class EnrolmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("learner", "standard_version", "employer", "provider", "start_date", "status")
    list_select_related = ("learner", "standard_version", "employer", "provider")
    list_filter = ("status", "provider", "employer")
    autocomplete_fields = ("learner", "assessor", "line_manager", "employer", "provider", "epao")
    search_fields = ("learner__full_name", "learner__email")
