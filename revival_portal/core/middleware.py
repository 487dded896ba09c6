"""The health check, answered before host validation and the HTTPS redirect."""

from revival_portal.views import health


class HealthCheckMiddleware:
    """Answer ``/health/`` first in the chain.

    The container healthcheck calls it over plain HTTP as ``localhost``, which in production is neither an
    allowed host (CommonMiddleware would answer 400) nor HTTPS (SecurityMiddleware would redirect).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/health/":
            return health(request)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` (feature -> allowed origins)."""

    def __init__(self, get_response):
        from django.conf import settings

        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
