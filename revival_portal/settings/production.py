"""Production: PostgreSQL, Redis, SMTP; refuses to start without a real secret key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY or SECRET_KEY.startswith("insecure-") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# The portal sits behind a TLS-terminating reverse proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Every request comes from the proxy's address: lock out the client it names, not the proxy.
AXES_CLIENT_IP_CALLABLE = "revival_portal.accounts.lockout.client_ip_behind_proxy"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONN_HEALTH_CHECKS = True

# Tokens for machine clients; basic auth only when an operator turns it on.
API_BASIC_AUTH = env.bool("API_BASIC_AUTH", default=False)
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_AUTHENTICATION_CLASSES": api_authentication_classes(API_BASIC_AUTH),  # noqa: F405
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=1),
}
