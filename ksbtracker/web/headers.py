"""Response headers for every page: what the browser may use, and that pages with personal data are not kept.

The Content-Security-Policy itself comes from django-csp (settings.CONTENT_SECURITY_POLICY); this adds a
Permissions-Policy that turns off device features the service never uses, and ``Cache-Control: no-store``
on everything served to someone signed in (pages, downloads, the API), so that a shared computer's cache or
the back button after signing out shows nothing.
"""

from __future__ import annotations

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
