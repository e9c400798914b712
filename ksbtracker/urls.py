from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("ksbtracker.web.urls")),
]

handler400 = "ksbtracker.web.views.errors.bad_request"
handler403 = "ksbtracker.web.views.errors.permission_denied"
handler404 = "ksbtracker.web.views.errors.page_not_found"
handler500 = "ksbtracker.web.views.errors.server_error"
