from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from ksbtracker.api import pages as api_pages

urlpatterns = [
    # The admin signs in through the service's own sign-in, with its second step.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("ksbtracker.api.urls")),
    path("account/api-tokens/", api_pages.token_list, name="api-tokens"),
    path("account/api-tokens/<int:token_id>/revoke/", api_pages.token_revoke, name="api-token-revoke"),
    path("", include("ksbtracker.web.urls")),
]

handler400 = "ksbtracker.web.views.errors.bad_request"
handler403 = "ksbtracker.web.views.errors.permission_denied"
handler404 = "ksbtracker.web.views.errors.page_not_found"
handler500 = "ksbtracker.web.views.errors.server_error"
