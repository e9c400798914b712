"""How the API knows who is calling and what they may do: a personal access token (``Authorization: Bearer``)
with its scopes, or the browser session (with CSRF) with every scope; rate limits per token."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from .models import AccessToken, TokenScope
from .tokens import token_from_header_value


class AccessTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token as: Authorization: Bearer <token>.")
        token = token_from_header_value(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(
                "This token is not valid: it is unknown or has been revoked."
            )
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class HasScope(permissions.BasePermission):
    """Reading needs the read scope; anything else the write scope. A session may do what its person may."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if not isinstance(request.auth, AccessToken):
            return True
        needed = TokenScope.READ if request.method in permissions.SAFE_METHODS else TokenScope.WRITE
        if needed not in request.auth.scopes:
            self.message = f"This token does not have the {needed} scope."
            return False
        return True


class PerTokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests per token (or per signed-in person), counted in the shared cache so every app server agrees."""

    scope = "token"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        if isinstance(request.auth, AccessToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AccessTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema, so the docs page can send it."""

    target_class = AccessTokenAuthentication
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A token from the API tokens page."}
