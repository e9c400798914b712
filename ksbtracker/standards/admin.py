from django.contrib import admin

from ksbtracker.audit.admin_mixins import AuditedAdminMixin

from .models import KSB, Criterion, Duty, Framework, StandardVersion


class KSBInline(admin.TabularInline):
    model = KSB
    fields = ("kind", "number", "text", "guid")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(StandardVersion)
class StandardVersionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("reference_number", "version", "title", "level", "status", "otj_minimum_hours")
    search_fields = ("reference_number", "title")
    list_filter = ("level", "status")
    readonly_fields = ("content_hash", "imported_at", "source")
    inlines = [KSBInline]


@admin.register(Duty)
class DutyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("standard_version", "number", "text", "is_core")
    list_select_related = ("standard_version",)
    search_fields = ("standard_version__reference_number", "text")
    filter_horizontal = ("ksbs",)


@admin.register(Framework)
class FrameworkAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "publisher", "published")


@admin.register(Criterion)
class CriterionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("framework", "code", "title", "assessable", "position")
    list_filter = ("framework", "assessable")
    search_fields = ("code", "title", "text")
