from django.contrib import admin

from ksbtracker.audit.admin_mixins import AuditedAdminMixin

from .models import FundingRuleSet, PublishedOTJMinimum


@admin.register(FundingRuleSet)
class FundingRuleSetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "effective_from", "minimum_duration_months", "otj_basis", "review_interval_unit")


@admin.register(PublishedOTJMinimum)
class PublishedOTJMinimumAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = (
        "reference_number",
        "version",
        "minimum_hours",
        "effective_from",
        "effective_to",
        "source",
    )
    search_fields = ("reference_number",)
