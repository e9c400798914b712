from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from .forms import ChoosePasswordForm, PasswordResetRequestForm
from .views import (
    account,
    api,
    enrolments,
    modules,
    needs,
    plans,
    progress,
    reviews,
    scales,
    scans,
    second_factor,
    standards,
)

VERSION = r"(?P<version>[0-9A-Za-z.\-]+)"

urlpatterns = [
    path("", account.home, name="home"),
    path("sign-in/", account.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-in/code/", second_factor.sign_in_code, name="sign-in-code"),
    path("sign-in/set-up-code/", second_factor.sign_in_set_up, name="sign-in-set-up"),
    path("account/authenticator-app/", second_factor.account_set_up, name="account-second-factor"),
    path(
        "password/forgotten/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetRequestForm),
        name="password_reset",
    ),
    path("password/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/choose/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=ChoosePasswordForm),
        name="password_reset_confirm",
    ),
    path("password/chosen/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("about/", account.about, name="about"),
    path("needs-you/<slug:slug>/", needs.needs_list, name="needs-list"),
    path("apprentices/", enrolments.enrolment_list, name="enrolments"),
    path("apprentices/enrol/", enrolments.enrolment_add, name="enrolment-add"),
    path("apprentices/<int:enrolment_id>/", enrolments.enrolment_detail, name="enrolment-detail"),
    path("apprentices/<int:enrolment_id>/skills-scan/start/", scans.scan_start, name="scan-start"),
    path("skills-scans/<int:scan_id>/", scans.scan_detail, name="scan-detail"),
    path("skills-scans/<int:scan_id>/rate/<str:kind>/", scans.scan_rate, name="scan-rate"),
    path("skills-scans/<int:scan_id>/check/", scans.scan_check, name="scan-check"),
    path(
        "skills-scans/<int:scan_id>/prior-learning/<int:ksb_id>/",
        scans.scan_prior_learning,
        name="scan-prior-learning",
    ),
    path(
        "skills-scans/<int:scan_id>/prior-learning/<int:ksb_id>/files/add/",
        scans.prior_learning_file_add,
        name="scan-prior-learning-file-add",
    ),
    path(
        "skills-scans/<int:scan_id>/files/<int:file_id>/",
        scans.prior_learning_file_download,
        name="scan-prior-learning-file",
    ),
    path(
        "skills-scans/<int:scan_id>/files/<int:file_id>/remove/",
        scans.prior_learning_file_remove,
        name="scan-prior-learning-file-remove",
    ),
    path("skills-scans/<int:scan_id>/decide/", scans.scan_decide, name="scan-decide"),
    path("skills-scans/<int:scan_id>/sign/", scans.scan_sign, name="scan-sign"),
    path("skills-scans/<int:scan_id>/correct/", scans.scan_correct, name="scan-correct"),
    path("skills-scans/<int:scan_id>/training-plan/", plans.plan_create, name="plan-create"),
    path("training-plans/<int:plan_id>/", plans.plan_detail, name="plan-detail"),
    path("training-plans/<int:plan_id>/sign/", plans.plan_sign, name="plan-sign"),
    path("training-plans/<int:plan_id>/training-plan.pdf", plans.plan_pdf, name="plan-pdf"),
    path("skills-scans/<int:scan_id>/skills-scan.pdf", scans.scan_pdf, name="scan-pdf"),
    path("training-plans/<int:plan_id>/revise/", plans.plan_revise, name="plan-revise"),
    path("apprentices/<int:enrolment_id>/progress/", progress.enrolment_progress, name="enrolment-progress"),
    path("apprentices/<int:enrolment_id>/off-the-job/add/", progress.otj_log_add, name="otj-add"),
    path(
        "apprentices/<int:enrolment_id>/qualifications/add/",
        progress.qualification_add,
        name="qualification-add",
    ),
    path("apprentices/<int:enrolment_id>/gateway/confirm/", progress.gateway_confirm, name="gateway-confirm"),
    path("apprentices/<int:enrolment_id>/reviews/new/", reviews.review_start, name="review-start"),
    path(
        "apprentices/<int:enrolment_id>/reviews/frequency/", reviews.review_frequency, name="review-frequency"
    ),
    path("reviews/<int:review_id>/", reviews.review_detail, name="review-detail"),
    path("reviews/<int:review_id>/sign/", reviews.review_sign, name="review-sign"),
    path("reviews/<int:review_id>/rescan/", reviews.review_rescan, name="review-rescan"),
    path("help/ksb-status/", progress.status_help, name="status-help"),
    path("programme-modules/", modules.module_list, name="programme-modules"),
    path("programme-modules/add/<int:standard_id>/", modules.module_add, name="programme-module-add"),
    path("rating-scales/", scales.scale_list, name="rating-scales"),
    path("rating-scales/add/", scales.scale_add, name="rating-scale-add"),
    path("standards/", standards.framework_list, name="frameworks"),
    path("standards/import/", standards.standard_import, name="standard-import"),
    re_path(
        rf"^standards/(?P<reference>ST\d+)/v{VERSION}/$",
        standards.standard_version_detail,
        name="standard-version",
    ),
    re_path(
        rf"^standards/(?P<reference>ST\d+)/v{VERSION}/export\.json$",
        standards.standard_version_export,
        name="standard-version-export",
    ),
    re_path(
        rf"^standards/(?P<reference>ST\d+)/v{VERSION}/(?P<code>[KSBksb]\d+)/$",
        standards.ksb_detail,
        name="ksb-detail",
    ),
    path("frameworks/<slug:slug>/", standards.framework_detail, name="framework-detail"),
    path("api/enrolments/", api.enrolments, name="api-enrolments"),
    path("api/enrolments/<int:enrolment_id>/", api.enrolment, name="api-enrolment"),
    path("api/standards/", api.standards, name="api-standards"),
    re_path(
        rf"^api/standards/(?P<reference>ST\d+)/v{VERSION}/$",
        api.standard_version,
        name="api-standard-version",
    ),
    re_path(r"^api/(?P<path>.*)$", api.not_found),
]

from .views import funding  # noqa: E402

urlpatterns += [
    path("funding/plan-check/", funding.plan_check, name="plan-check"),
    path("funding/rules/", funding.rule_set_list, name="funding-rules"),
    path("funding/rules/add/", funding.rule_set_add, name="funding-rule-add"),
]

from .views import evidence  # noqa: E402

urlpatterns += [
    path("apprentices/<int:enrolment_id>/evidence/", evidence.evidence_list, name="evidence-list"),
    path("apprentices/<int:enrolment_id>/evidence/add/", evidence.evidence_add, name="evidence-add"),
    path("evidence/<int:item_id>/", evidence.evidence_detail, name="evidence-detail"),
    path("evidence/<int:item_id>/change/", evidence.evidence_change, name="evidence-change"),
    path("evidence/<int:item_id>/submit/", evidence.evidence_submit, name="evidence-submit"),
    path("evidence/<int:item_id>/assess/", evidence.evidence_assess, name="evidence-assess"),
    path("evidence/<int:item_id>/files/add/", evidence.attachment_add, name="evidence-attachment-add"),
    path(
        "evidence/<int:item_id>/files/<int:attachment_id>/",
        evidence.attachment_download,
        name="evidence-attachment",
    ),
    path(
        "evidence/<int:item_id>/files/<int:attachment_id>/remove/",
        evidence.attachment_remove,
        name="evidence-attachment-remove",
    ),
]

from .views import otj_minimums  # noqa: E402

urlpatterns += [
    path("funding/otj-minimums/", otj_minimums.otj_minimum_list, name="otj-minimums"),
    path("funding/otj-minimums/add/", otj_minimums.otj_minimum_add, name="otj-minimum-add"),
    path(
        "funding/otj-minimums/<int:minimum_id>/", otj_minimums.otj_minimum_change, name="otj-minimum-change"
    ),
]

from .views import enrolment_funding, funding_returns  # noqa: E402

urlpatterns += [
    path(
        "apprentices/<int:enrolment_id>/funding/",
        enrolment_funding.enrolment_funding,
        name="enrolment-funding",
    ),
    path(
        "apprentices/<int:enrolment_id>/funding/correct/",
        enrolment_funding.returned_figures_correct,
        name="returned-figures-correct",
    ),
    path(
        "apprentices/<int:enrolment_id>/gateway/otj-statement/",
        enrolment_funding.employer_otj_statement,
        name="employer-otj-statement",
    ),
    path("funding/returns/", funding_returns.returns_list, name="funding-returns"),
    path(
        "funding/returns/export.<str:file_format>",
        funding_returns.returns_export,
        name="funding-returns-export",
    ),
]

from .views import lifecycle  # noqa: E402

urlpatterns += [
    path(
        "apprentices/<int:enrolment_id>/change/<slug:kind>/",
        lifecycle.enrolment_change,
        name="enrolment-change",
    ),
]

from .views import quality  # noqa: E402

urlpatterns += [
    path("quality/", quality.quality_home, name="quality"),
    path("quality/plans/new/", quality.plan_add, name="quality-plan-add"),
    path("quality/plans/<int:plan_id>/", quality.plan_detail, name="quality-plan"),
    path("quality/samples/<int:sample_id>/", quality.sample_detail, name="quality-sample"),
    path("quality/report/", quality.report, name="quality-report"),
    path("quality/report.<str:file_format>", quality.report_export, name="quality-report-export"),
]

from .views import audit  # noqa: E402

urlpatterns += [
    path("audit-trail/", audit.audit_trail, name="audit-trail"),
    path("audit-trail.csv", audit.audit_trail_csv, name="audit-trail-csv"),
]

from .views import portfolio, transfer  # noqa: E402

urlpatterns += [
    path("apprentices/<int:enrolment_id>/learner-record.zip", transfer.enrolment_export, name="enrolment-export"),
    path("apprentices/<int:enrolment_id>/portfolio.pdf", portfolio.portfolio_pdf, name="enrolment-portfolio-pdf"),
    path("transfers/import/", transfer.record_import, name="record-import"),
    path("transfers/<int:record_id>/", transfer.transferred_record, name="transferred-record"),
    path("transfers/<int:record_id>/files/<str:sha256>/", transfer.transferred_attachment, name="transferred-file"),
    path("transfers/<int:record_id>/offer/", transfer.transferred_offer, name="transferred-offer"),
]

from .views import caseload  # noqa: E402

urlpatterns += [
    path("caseload/", caseload.caseload_page, name="caseload"),
    path("caseload/export.<str:file_format>", caseload.caseload_export, name="caseload-export"),
    path("help/red-amber-green/", caseload.rag_help, name="rag-help"),
]

from .views import dashboard  # noqa: E402

urlpatterns += [
    path("apprentices/<int:enrolment_id>/dashboard/", dashboard.enrolment_dashboard, name="enrolment-dashboard"),
]

from .views import pathways  # noqa: E402

urlpatterns += [
    path("crosswalks/", pathways.crosswalk_list, name="crosswalks"),
    path("crosswalks/<int:from_id>/<int:to_id>/", pathways.crosswalk, name="crosswalk"),
]

from .views import heatmap  # noqa: E402

urlpatterns += [
    path("programme/heatmap/", heatmap.cohort_heatmap, name="cohort-heatmap"),
    path("programme/heatmap/export.<str:file_format>", heatmap.cohort_heatmap_export, name="cohort-heatmap-export"),
]

from .views import overview  # noqa: E402

urlpatterns += [
    path("programme/", overview.programme_overview, name="programme-overview"),
]

from .views import coverage  # noqa: E402

urlpatterns += [
    path("apprentices/<int:enrolment_id>/coverage/", coverage.apprentice_coverage_page, name="apprentice-coverage"),
    path("programme/coverage/", coverage.cohort_coverage_page, name="cohort-coverage"),
]
