"""API v1: standards, enrolments with their progress, scans, reviews and the OTJ log.

Every object comes through the same access functions as the pages: what you may not see is a 404.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ksbtracker.people.access import enrolment_for_user, enrolments_visible_to
from ksbtracker.people.models import EnrolmentStatus
from ksbtracker.progress.otj import otj_position
from ksbtracker.progress.services import log_otj_hours
from ksbtracker.progress.status import KSBStatus, ksb_statuses
from ksbtracker.reviews.models import ReviewStatus
from ksbtracker.reviews.selectors import review_due, review_for_user, reviews_visible_to
from ksbtracker.standards.models import StandardVersion

from . import serializers as s
from .models import AccessToken
from .tokens import record_use

ENROLMENT_RELATED = ("learner", "standard_version", "employer", "provider", "assessor", "line_manager")


def choice_filter(request, name: str, choices) -> str | None:
    """A query parameter that must be one of ``choices`` (400 otherwise); None when not given."""
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if value not in choices:
        raise ValidationError({name: f"Choose one of: {', '.join(choices)}"})
    return value


def text_filter(request, name: str, *, max_length: int) -> str:
    """A free-text query parameter, trimmed; 400 for one too long or holding a NUL (no database stores it)."""
    value = request.query_params.get(name, "").strip()
    if len(value) > max_length:
        raise ValidationError({name: f"Enter at most {max_length} characters"})
    if "\x00" in value:
        raise ValidationError({name: "Remove the null character"})
    return value


def int_filter(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if not value.isdigit() or len(value) > 12:
        raise ValidationError({name: "Enter a whole number"})
    return int(value)


def by_enrolment_and_status(request, queryset, statuses):
    """``queryset`` narrowed by the ``enrolment`` and ``status`` query parameters, when given."""
    enrolment = int_filter(request, "enrolment")
    if enrolment is not None:
        queryset = queryset.filter(enrolment_id=enrolment)
    wanted = choice_filter(request, "status", statuses)
    if wanted:
        queryset = queryset.filter(status=wanted)
    return queryset


class ApiViewSet(viewsets.GenericViewSet):
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(getattr(request, "auth", None), AccessToken):
            record_use(
                token=request.auth, method=request.method, path=request.path, status=response.status_code
            )
        return response


@extend_schema(tags=["standards"])
class StandardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Apprenticeship standard versions and their KSBs."""

    def get_serializer_class(self):
        return s.StandardVersionDetailSerializer if self.action == "retrieve" else s.StandardVersionSerializer

    def get_queryset(self):
        versions = StandardVersion.objects.order_by("reference_number", "version", "id")
        if self.action == "retrieve":
            return versions.prefetch_related("ksbs")
        query = text_filter(self.request, "q", max_length=200)
        if query:
            versions = versions.filter(Q(title__icontains=query) | Q(reference_number__iexact=query))
        reference = text_filter(self.request, "reference", max_length=20)
        if reference:
            versions = versions.filter(reference_number__iexact=reference)
        return versions

    @extend_schema(parameters=[
        OpenApiParameter("q", str, description="Words in the title, or a reference such as ST0648"),
        OpenApiParameter("reference", str, description="Only this standard's versions, e.g. ST0648"),
    ])  # fmt: skip
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


@extend_schema(tags=["enrolments"])
class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Apprenticeships you can see; one with its progress summary; its scans, OTJ log and reviews."""

    def get_serializer_class(self):
        return s.EnrolmentDetailSerializer if self.action == "retrieve" else s.EnrolmentSerializer

    def get_queryset(self):
        enrolments = (
            enrolments_visible_to(self.request.user).select_related(*ENROLMENT_RELATED).order_by("id")
        )
        wanted = choice_filter(self.request, "status", EnrolmentStatus.values)
        if wanted:
            enrolments = enrolments.filter(status=wanted)
        reference = text_filter(self.request, "standard", max_length=20)
        if reference:
            enrolments = enrolments.filter(standard_version__reference_number__iexact=reference)
        return enrolments

    def enrolment(self):
        return enrolment_for_user(
            self.request.user, self.kwargs["pk"],
            queryset=enrolments_visible_to(self.request.user).select_related(*ENROLMENT_RELATED),
        )  # fmt: skip

    @extend_schema(parameters=[
        OpenApiParameter("status", str, enum=EnrolmentStatus.values),
        OpenApiParameter("standard", str, description="Standard reference, e.g. ST0648"),
    ])  # fmt: skip
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        enrolment = self.enrolment()
        counts = Counter(p.status for p in ksb_statuses(enrolment))
        otj, due = otj_position(enrolment), review_due(enrolment)
        progress = {
            "ksbs": {value: counts.get(value, 0) for value in KSBStatus.values},
            "off_the_job": {
                "required_hours": otj.required, "done_hours": otj.done,
                "expected_by_today_hours": otj.expected_by_today, "behind_by_hours": otj.behind_by,
                "percent_done": otj.percent_done,
            },
            "next_review": {"due_by": due.due_by, "overdue": due.overdue},
        }  # fmt: skip
        return Response(s.EnrolmentDetailSerializer(enrolment, context={"progress": progress}).data)

    @extend_schema(responses=s.SkillsScanSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], url_path="skills-scans", serializer_class=s.SkillsScanSerializer)
    def skills_scans(self, request, pk=None):
        scans = (
            self.enrolment().skills_scans.select_related("scale").order_by("id")
            .prefetch_related("ratings__ksb", "decisions__ksb")
        )  # fmt: skip
        return self.get_paginated_response(
            s.SkillsScanSerializer(self.paginate_queryset(scans), many=True).data
        )

    @extend_schema(methods=["GET"], responses=s.OTJEntrySerializer(many=True))
    @extend_schema(
        methods=["POST"], request=s.OTJEntryCreateSerializer, responses={201: s.OTJEntrySerializer}
    )
    @action(
        detail=True, methods=["get", "post"], url_path="off-the-job", serializer_class=s.OTJEntrySerializer
    )
    def off_the_job(self, request, pk=None):
        enrolment = self.enrolment()
        if request.method == "POST":
            given = s.OTJEntryCreateSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            entry = log_otj_hours(
                enrolment=enrolment, actor=request.user, date=given.validated_data["date"],
                activity=given.validated_data["activity"], hours=given.validated_data["hours"],
                ksb_ids=given.validated_data["ksbs"],
            )  # fmt: skip
            return Response(s.OTJEntrySerializer(entry).data, status=status.HTTP_201_CREATED)
        entries = enrolment.otj_log.order_by("-date", "-id").prefetch_related("ksbs")
        return self.get_paginated_response(
            s.OTJEntrySerializer(self.paginate_queryset(entries), many=True).data
        )


@extend_schema(tags=["reviews"])
class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Progress reviews of the apprenticeships you can see."""

    serializer_class = s.ReviewSerializer

    def get_queryset(self):
        reviews = (
            reviews_visible_to(self.request.user).prefetch_related("actions").order_by("-held_on", "-id")
        )
        return by_enrolment_and_status(self.request, reviews, ReviewStatus.values)

    @extend_schema(parameters=[
        OpenApiParameter("enrolment", OpenApiTypes.INT), OpenApiParameter("status", str, enum=ReviewStatus.values),
    ])  # fmt: skip
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return Response(s.ReviewSerializer(review_for_user(request.user, kwargs["pk"])).data)
