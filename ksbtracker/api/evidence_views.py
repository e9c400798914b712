"""API v1 evidence: read what you can see, add as the learner, submit, assess as the assessor."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from ksbtracker.evidence.access import evidence_item_for_user, evidence_visible_to
from ksbtracker.evidence.models import EvidenceStatus
from ksbtracker.evidence.services import EvidenceDetails, assess_item, create_item, submit_item
from ksbtracker.people.access import enrolment_for_user

from . import serializers as s
from .views import ApiViewSet, by_enrolment_and_status


@extend_schema(tags=["evidence"])
class EvidenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.EvidenceSerializer

    def get_queryset(self):
        items = evidence_visible_to(self.request.user).prefetch_related("ksbs").order_by("-updated_at", "-id")
        return by_enrolment_and_status(self.request, items, EvidenceStatus.values)

    @extend_schema(parameters=[
        OpenApiParameter("enrolment", OpenApiTypes.INT), OpenApiParameter("status", str, enum=EvidenceStatus.values),
    ])  # fmt: skip
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return Response(s.EvidenceSerializer(evidence_item_for_user(request.user, kwargs["pk"])).data)

    @extend_schema(request=s.EvidenceCreateSerializer, responses={201: s.EvidenceSerializer})
    def create(self, request):
        """A new draft in your own portfolio (learners only)."""
        given = s.EvidenceCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        item = create_item(
            enrolment=enrolment_for_user(request.user, data["enrolment"]), actor=request.user,
            details=EvidenceDetails(
                evidence_type=data["evidence_type"], title=data["title"], activity_date=data["activity_date"],
                account=data["account"], is_off_the_job=data["is_off_the_job"], otj_hours=data.get("otj_hours"),
                ksb_ids=data["ksbs"],
            ),
            confirmed_personal_data=data["confirmed_personal_data"],
        )  # fmt: skip
        return Response(s.EvidenceSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.EvidenceSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send a draft (or an item sent back) for assessment (the learner)."""
        item = evidence_item_for_user(request.user, pk)
        submit_item(item=item, actor=request.user)
        return Response(s.EvidenceSerializer(evidence_item_for_user(request.user, pk)).data)

    @extend_schema(request=s.AssessmentSerializer, responses=s.AssessmentResultSerializer)
    @action(detail=True, methods=["post"])
    def assessment(self, request, pk=None):
        """Decide on every KSB the item is mapped to (the assessor or a provider admin)."""
        item = evidence_item_for_user(request.user, pk)
        given = s.AssessmentSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        decisions = {d["ksb"]: (d["outcome"], d["feedback"]) for d in given.validated_data["decisions"]}
        assessed = assess_item(
            item=item, actor=request.user, decisions=decisions, feedback=given.validated_data["feedback"]
        )
        return Response(s.AssessmentResultSerializer(assessed).data)
