"""Evidence in the system admin site: read-only. Changes go through the pages, which check and audit them."""

from django.contrib import admin

from .models import AssessmentRound, EvidenceAttachment, EvidenceItem, KSBDecision, PersonalDataConfirmation


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = EvidenceAttachment
    fields = ("original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RoundInline(admin.TabularInline):
    model = AssessmentRound
    fields = ("number", "submitted_by", "submitted_at", "assessed_by", "assessed_at", "outcome")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EvidenceItem)
class EvidenceItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "enrolment", "evidence_type", "activity_date", "status")
    list_filter = ("status", "evidence_type")
    search_fields = ("title", "enrolment__learner__full_name", "enrolment__learner__email")
    list_select_related = ("enrolment__learner", "enrolment__standard_version")
    inlines = [AttachmentInline, RoundInline]


@admin.register(KSBDecision)
class KSBDecisionAdmin(ReadOnlyAdmin):
    list_display = ("round", "ksb", "outcome")
    list_select_related = ("round__item", "ksb")


@admin.register(PersonalDataConfirmation)
class PersonalDataConfirmationAdmin(ReadOnlyAdmin):
    list_display = ("item", "confirmed_by", "confirmed_at")
    list_select_related = ("item", "confirmed_by")
