"""What the API returns and accepts. Reads only; writes go through the domain services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ksbtracker.evidence.models import EvidenceItem, EvidenceType, KSBOutcome
from ksbtracker.people.models import Enrolment
from ksbtracker.progress.models import OTJLogEntry
from ksbtracker.reviews.models import ProgressReview, ReviewAction
from ksbtracker.scans.models import PriorLearningDecision, Rating, SkillsScan
from ksbtracker.standards.models import KSB, StandardVersion


class KSBSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)

    class Meta:
        model = KSB
        fields = ["id", "code", "kind", "number", "text"]


class StandardVersionSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="reference_number")

    class Meta:
        model = StandardVersion
        fields = ["id", "reference", "version", "title", "level", "status", "otj_minimum_hours"]


class StandardVersionDetailSerializer(StandardVersionSerializer):
    ksbs = serializers.SerializerMethodField()

    class Meta(StandardVersionSerializer.Meta):
        fields = [*StandardVersionSerializer.Meta.fields, "ksbs"]

    def get_ksbs(self, version) -> list[dict]:
        ksbs = sorted(version.ksbs.all(), key=lambda k: (k.kind_order, k.number))
        return KSBSerializer(ksbs, many=True).data


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")
    email = serializers.EmailField()


class EnrolmentSerializer(serializers.ModelSerializer):
    learner = PersonSerializer()
    assessor = PersonSerializer(allow_null=True)
    line_manager = PersonSerializer(allow_null=True)
    standard = StandardVersionSerializer(source="standard_version")
    employer = serializers.CharField(source="employer.name")
    provider = serializers.CharField(source="provider.name")

    class Meta:
        model = Enrolment
        fields = ["id", "learner", "standard", "employer", "provider", "assessor", "line_manager",
                  "start_date", "planned_end_date", "status"]  # fmt: skip


class KSBCountsSerializer(serializers.Serializer):
    not_started = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    evidenced = serializers.IntegerField()
    signed_off = serializers.IntegerField()


class OTJSummarySerializer(serializers.Serializer):
    required_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    done_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    expected_by_today_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    behind_by_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    percent_done = serializers.DecimalField(max_digits=6, decimal_places=0)


class NextReviewSerializer(serializers.Serializer):
    due_by = serializers.DateField()
    overdue = serializers.BooleanField()


class ProgressSummarySerializer(serializers.Serializer):
    ksbs = KSBCountsSerializer()
    off_the_job = OTJSummarySerializer()
    next_review = NextReviewSerializer()


class EnrolmentDetailSerializer(EnrolmentSerializer):
    progress = serializers.SerializerMethodField()

    class Meta(EnrolmentSerializer.Meta):
        fields = [*EnrolmentSerializer.Meta.fields, "progress"]

    @extend_schema_field(ProgressSummarySerializer)
    def get_progress(self, enrolment) -> dict:
        return ProgressSummarySerializer(self.context["progress"]).data


class RatingSerializer(serializers.ModelSerializer):
    ksb = serializers.CharField(source="ksb.code")

    class Meta:
        model = Rating
        fields = ["ksb", "rater_role", "value", "comment"]


class DecisionSerializer(serializers.ModelSerializer):
    ksb = serializers.CharField(source="ksb.code")

    class Meta:
        model = PriorLearningDecision
        fields = ["ksb", "outcome", "share_percent", "rationale", "decided_at"]


class SkillsScanSerializer(serializers.ModelSerializer):
    scale = serializers.CharField(source="scale.name")
    ratings = RatingSerializer(many=True)
    decisions = DecisionSerializer(many=True)

    class Meta:
        model = SkillsScan
        fields = ["id", "enrolment", "kind", "version", "status", "scale", "started_at", "locked_at",
                  "ratings", "decisions"]  # fmt: skip


class EvidenceSerializer(serializers.ModelSerializer):
    ksbs = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceItem
        fields = ["id", "enrolment", "evidence_type", "title", "activity_date", "account", "is_off_the_job",
                  "otj_hours", "ksbs", "status", "created_at", "updated_at"]  # fmt: skip

    def get_ksbs(self, item) -> list[str]:
        return [k.code for k in sorted(item.ksbs.all(), key=lambda k: (k.kind_order, k.number))]


class EvidenceCreateSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(min_value=1)
    evidence_type = serializers.ChoiceField(choices=EvidenceType.choices)
    title = serializers.CharField(max_length=200)
    activity_date = serializers.DateField()
    account = serializers.CharField(max_length=20000)
    is_off_the_job = serializers.BooleanField(default=False)
    otj_hours = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)
    ksbs = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=200)
    confirmed_personal_data = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, default=list, max_length=50,
        help_text="Findings the personal-data check reported that the learner confirms are safe to keep.",
    )  # fmt: skip


class KSBDecisionSerializer(serializers.Serializer):
    ksb = serializers.IntegerField(min_value=1)
    outcome = serializers.ChoiceField(choices=KSBOutcome.choices)
    feedback = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


class AssessmentSerializer(serializers.Serializer):
    decisions = serializers.ListField(child=KSBDecisionSerializer(), min_length=1, max_length=200)
    feedback = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


class AssessmentResultSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="number")
    outcome = serializers.CharField()
    evidence_status = serializers.CharField(source="item.status")


class OTJEntrySerializer(serializers.ModelSerializer):
    ksbs = serializers.SerializerMethodField()

    class Meta:
        model = OTJLogEntry
        fields = ["id", "date", "activity", "hours", "ksbs", "recorded_at"]

    def get_ksbs(self, entry) -> list[str]:
        return [k.code for k in sorted(entry.ksbs.all(), key=lambda k: (k.kind_order, k.number))]


class OTJEntryCreateSerializer(serializers.Serializer):
    date = serializers.DateField()
    activity = serializers.CharField(max_length=300)
    hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    ksbs = serializers.ListField(child=serializers.IntegerField(min_value=1), default=list, max_length=200)


class ReviewActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewAction
        fields = ["description", "owner", "due_on"]


class ReviewSerializer(serializers.ModelSerializer):
    actions = ReviewActionSerializer(many=True)

    class Meta:
        model = ProgressReview
        fields = ["id", "enrolment", "held_on", "due_by", "status", "progress_against_actions", "otj_hours_done",
                  "otj_hours_expected", "slippage", "plan_changes", "concerns", "signed_at", "actions"]  # fmt: skip
