"""API throttles: one bucket per personal token and one per anonymous address, both answering 429.

DRF checks throttles after permissions, so an anonymous caller would only ever meet a 401/403 and never
its rate. ``AnonymousThrottleAuthentication`` sits last among the authentication classes: it is reached
only when no credentials were given, and counts the call before the permissions answer.
"""

from rest_framework import authentication, exceptions, throttling
from rest_framework.settings import api_settings

from revival_portal.accounts.models import ApiToken


class _RatesFromSettings:
    def get_rate(self):
        # Read at call time, so that a changed setting (a test, the benchmark) takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class ApiTokenRateThrottle(_RatesFromSettings, throttling.SimpleRateThrottle):
    """Requests made with one personal token."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AnonymousRateThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    """Requests without credentials, per client address."""

    def get_cache_key(self, request, view):
        # Called while authenticating: no request.user yet, and no credentials were given.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AnonymousThrottleAuthentication(authentication.BaseAuthentication):
    """Authenticates nobody; throttles calls that arrive without credentials (see the module docstring)."""

    def authenticate(self, request):
        if request._request.resolver_match is None:
            # Not a routed HTTP request but one the schema generator built to inspect a view: not a call.
            return None
        throttle = AnonymousRateThrottle()
        if not throttle.allow_request(request, None):
            raise exceptions.Throttled(wait=throttle.wait())
        return None
