"""The health check, answered before host validation and the HTTPS redirect; the Permissions-Policy
header; Persian digits on Persian pages."""

from revival_portal.core.digits import persian_digits_in_html
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


class PersianDigitsMiddleware:
    """Show Persian digits on every Persian HTML page (``core.digits``), whatever rendered the numbers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "LANGUAGE_CODE", "").startswith("fa")
            and response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
            and not response.has_header("Content-Encoding")
        ):
            charset = response.charset
            response.content = persian_digits_in_html(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
