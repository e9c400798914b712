from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .errors import not_found
from .evidence_views import EvidenceViewSet
from .views import EnrolmentViewSet, ReviewViewSet, StandardViewSet

router = SimpleRouter()
router.register("standards", StandardViewSet, basename="api-v1-standard")
router.register("enrolments", EnrolmentViewSet, basename="api-v1-enrolment")
router.register("evidence", EvidenceViewSet, basename="api-v1-evidence")
router.register("reviews", ReviewViewSet, basename="api-v1-review")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-v1-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-v1-schema"), name="api-v1-docs"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
