from django.contrib import admin

from ksbtracker.audit.admin_mixins import AuditedAdminMixin

from .models import FundingRuleSet


@admin.register(FundingRuleSet)
class FundingRuleSetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "effective_from", "minimum_duration_months", "otj_basis", "review_interval_unit")
