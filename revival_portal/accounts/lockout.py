"""Sign-in lockout (django-axes): which address counts as the client behind the reverse proxy."""

import ipaddress


def client_ip_behind_proxy(request) -> str | None:
    """The client address the TLS proxy saw: the last X-Forwarded-For entry (the one the proxy appends).

    Behind the proxy every request arrives from the proxy's own address, so locking that address out after
    a few failed sign-ins would lock out everyone. A missing or malformed entry falls back to REMOTE_ADDR.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return request.META.get("REMOTE_ADDR")
